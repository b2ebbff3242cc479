using Scout.Web.Cluster;
using Xunit;

namespace Scout.Tests.Web.Cluster;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void No_seeds_is_a_single_node_and_accepted() =>
        Assert.Null(new ClusterSettings().Validate());

    [Fact]
    public void A_seed_list_naming_only_this_node_is_refused_because_its_restart_would_form_a_second_cluster()
    {
        var problem = new ClusterSettings { Hostname = "10.0.0.1", Port = 4053, Seeds = ["akka.tcp://scout@10.0.0.1:4053"] }.Validate();

        Assert.NotNull(problem);
        Assert.Contains("second cluster", problem);
        Assert.Contains("akka.tcp://scout@10.0.0.1:4053", problem);
    }

    [Fact]
    public void This_node_listed_twice_is_still_only_this_node() =>
        Assert.NotNull(new ClusterSettings { Hostname = "a", Port = 4053, Seeds = ["akka.tcp://scout@a:4053", "akka.tcp://scout@A:4053"] }.Validate());

    [Fact]
    public void A_node_that_joins_through_another_node_alone_is_accepted_because_it_never_forms_a_cluster_itself() =>
        Assert.Null(new ClusterSettings { Hostname = "127.0.0.2", Port = 4053, Seeds = ["akka.tcp://scout@127.0.0.3:4053"] }.Validate());

    [Fact]
    public void Every_node_listed_as_a_seed_is_accepted() =>
        Assert.Null(new ClusterSettings { Seeds = ["akka.tcp://scout@a:4053", "akka.tcp://scout@b:4053", "akka.tcp://scout@c:4053"] }.Validate());

    [Theory]
    [InlineData("scout@a:4053")]
    [InlineData("akka.tcp://scout@a")]
    [InlineData("not an address")]
    public void A_seed_that_is_not_an_address_is_refused_with_the_entry_named(string seed)
    {
        var problem = new ClusterSettings { Seeds = [seed, "akka.tcp://scout@b:4053"] }.Validate();

        Assert.NotNull(problem);
        Assert.Contains(seed, problem);
    }

    [Fact]
    public void A_seed_of_another_actor_system_is_refused() =>
        Assert.Contains("'other'", new ClusterSettings { Seeds = ["akka.tcp://other@a:4053", "akka.tcp://scout@b:4053"] }.Validate());

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("0.0.0.0")]
    [InlineData("node-a.example")]
    public void A_non_loopback_hostname_without_TLS_is_refused_naming_the_settings_to_set(string hostname)
    {
        var problem = new ClusterSettings { Hostname = hostname }.Validate();

        Assert.NotNull(problem);
        Assert.Contains($"Scout:Cluster:Hostname is {hostname}, not a loopback address, and Akka.Remote has no TLS", problem);
        Assert.Contains("Scout:Cluster:Tls:CertificatePath", problem);
        Assert.Contains("Scout:Cluster:Tls:CaPath", problem);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.3")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void Plain_TCP_on_a_loopback_hostname_is_accepted(string hostname) =>
        Assert.Null(new ClusterSettings { Hostname = hostname }.Validate());

    [Fact]
    public void With_TLS_a_non_loopback_hostname_is_accepted_and_seeds_must_be_akka_ssl_tcp()
    {
        var tls = new Scout.Actors.Remoting.TlsSettings { CertificatePath = "node.pfx", CaPath = "ca.pem" };
        Assert.Null(new ClusterSettings { Hostname = "10.0.0.5", Tls = tls, Seeds = ["akka.ssl.tcp://scout@10.0.0.6:4053"] }.Validate());

        var problem = new ClusterSettings { Hostname = "10.0.0.5", Tls = tls, Seeds = ["akka.tcp://scout@10.0.0.6:4053"] }.Validate();
        Assert.Contains("write the seeds as akka.ssl.tcp://", problem);
    }
}

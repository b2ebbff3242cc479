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
        Assert.Null(new ClusterSettings { Hostname = "b", Port = 4053, Seeds = ["akka.tcp://scout@a:4053"] }.Validate());

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
}

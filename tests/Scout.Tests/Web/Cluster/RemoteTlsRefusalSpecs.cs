using Scout.Actors.Remoting;
using Scout.Ops;
using Scout.Tests.Ops;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.Cluster;

/// <summary>What refuses to start rather than run without the protection it needs (<see cref="RemoteTls"/>).</summary>
public sealed class RemoteTlsRefusalSpecs : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public void A_node_on_a_non_loopback_hostname_without_TLS_refuses_to_start_and_names_the_settings()
    {
        // TEST-NET-1: never bound, the node stops before its remoting listens.
        using var node = new ScoutNodeFactory(new Dictionary<string, string?> { ["Scout:Cluster:Hostname"] = "192.0.2.10" });

        var thrown = Assert.ThrowsAny<Exception>(() => node.Start());

        var message = Messages(thrown);
        Assert.Contains("Scout:Cluster:Hostname is 192.0.2.10, not a loopback address, and Akka.Remote has no TLS", message);
        Assert.Contains("Scout:Cluster:Tls:CertificatePath", message);
    }

    [Fact]
    public void A_node_whose_own_certificate_the_CA_did_not_sign_refuses_to_start()
    {
        using var node = new ScoutNodeFactory(_certs.NodeSettings(_certs.Stranger));

        var thrown = Assert.ThrowsAny<Exception>(() => node.Start());

        Assert.Contains("Scout:Cluster:Tls:CertificatePath (CN=node-a) would be refused by every peer: not issued by the cluster's CA", Messages(thrown));
    }

    [Fact]
    public void Certificates_that_do_not_load_are_named_with_the_setting()
    {
        var wrongPassword = _certs.Settings(_certs.Node);
        wrongPassword.CertificatePassword = "wrong";
        Assert.Contains("X:CertificatePath", Assert.Throws<RemoteTlsException>(() => RemoteTls.Load(wrongPassword, n => "X:" + n)).Message);
        Assert.Contains("X:CaPath is not", Assert.Throws<RemoteTlsException>(() =>
            RemoteTls.Load(new TlsSettings { CertificatePath = _certs.Node }, n => "X:" + n)).Message);
        Assert.Contains("would be refused by every peer: expired", Assert.Throws<RemoteTlsException>(() =>
            RemoteTls.Load(_certs.Settings(_certs.Expired), n => n)).Message);
    }

    [Fact]
    public async Task The_console_without_TLS_refuses_to_listen_beyond_loopback()
    {
        var result = await OpsRunner.Run("", "--node", "127.0.0.1:1", "--host", "ops.example", "cluster", "show");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("not a loopback address, and Akka.Remote has no TLS", result.Error);
        Assert.Contains("--cert and --ca", result.Error);
    }

    private static string Messages(Exception e)
    {
        var all = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            all.Add(x.Message);
        if (e is AggregateException aggregate)
            all.AddRange(aggregate.Flatten().InnerExceptions.Select(i => i.Message));
        return string.Join("\n", all);
    }
}

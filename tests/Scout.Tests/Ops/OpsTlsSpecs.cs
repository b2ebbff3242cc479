using Akka.Actor;
using Akka.Cluster;
using Akka.Remote.Transport.DotNetty;
using Scout.Actors.Remoting;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>A node with mutual TLS on loopback, and the throw-away CA that signed its certificate.</summary>
public sealed class TlsNodeFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = new();

    public ScoutNodeFactory Node { get; private set; } = null!;

    public Address Address => Cluster.Get(Node.Service<ActorSystem>()).SelfAddress;

    public Task InitializeAsync()
    {
        Node = new ScoutNodeFactory(Certificates.NodeSettings(Certificates.Node));
        Node.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Certificates.Dispose();
    }
}

/// <summary>
/// Akka.Remote with mutual TLS, over real remoting on loopback, with certificates made for the test: a member whose
/// certificate the cluster's CA signed joins; one with another CA's, a self-signed, an expired certificate, none, or
/// plain TCP never does, and the node says why; the ops console (the real process) runs a command with the
/// operator's certificate and is unreachable without one.
/// </summary>
public sealed class OpsTlsSpecs(TlsNodeFixture fixture) : IClassFixture<TlsNodeFixture>
{
    private TestCertificates Certs => fixture.Certificates;

    /// <summary>How long an intruder is given to get in: ample for a join on loopback (they take well under 2 s).</summary>
    private static readonly TimeSpan IntruderWait = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_member_with_a_certificate_of_the_cluster_CA_joins_the_node()
    {
        Assert.Equal("akka.ssl.tcp", fixture.Address.Protocol);
        var tls = RemoteTls.Load(Certs.Settings(Certs.SecondNode), n => n);
        await using var member = BareMember.Join(fixture.Address, tls.Setup());

        await Eventually.Holds(() =>
        {
            Assert.Equal(MemberStatus.Up, Cluster.Get(member.System).SelfMember.Status);
            Assert.Contains(Cluster.Get(fixture.Node.Service<ActorSystem>()).State.Members,
                m => m.Address.Equals(member.Address) && m.Status == MemberStatus.Up);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Members_without_a_certificate_the_cluster_trusts_never_join()
    {
        // Intruders that accept any certificate themselves: only the node's check can keep them out.
        var intruders = new[]
        {
            BareMember.Join(fixture.Address, AnyPeer(Certs.Stranger)),
            BareMember.Join(fixture.Address, AnyPeer(Certs.SelfSigned)),
            BareMember.Join(fixture.Address, AnyPeer(Certs.Expired)),
            // Speaks TLS but shows no certificate of its own.
            BareMember.Join(fixture.Address, new DotNettySslSetup(Load(Certs.Stranger), suppressValidation: true, requireMutualAuthentication: false)),
            // Plain TCP to the TLS port.
            BareMember.Join(new Address("akka.tcp", fixture.Address.System, fixture.Address.Host, fixture.Address.Port)),
        };
        try
        {
            var node = Cluster.Get(fixture.Node.Service<ActorSystem>());
            var until = DateTime.UtcNow + IntruderWait;
            while (DateTime.UtcNow < until)
            {
                foreach (var intruder in intruders)
                {
                    Assert.DoesNotContain(node.State.Members, m => m.Address.Equals(intruder.Address));
                    Assert.NotEqual(MemberStatus.Up, Cluster.Get(intruder.System).SelfMember.Status);
                }
                await Task.Delay(250);
            }
            // And it was the node's certificate check that said no, for each reason.
            var refusals = string.Join("\n", fixture.Node.Logs.Entries.Select(e => e.Message));
            Assert.Contains("not issued by the cluster's CA; refused", refusals);
            Assert.Contains("expired or not yet valid; refused", refusals);
            Assert.Contains("Mutual TLS required but client did not provide a certificate", refusals);
            Assert.Contains("not an SSL/TLS record", refusals);
        }
        finally
        {
            foreach (var intruder in intruders)
                await intruder.Crash();
        }
    }

    [Fact]
    public async Task The_console_process_with_the_operators_certificate_runs_a_command_and_without_one_is_unreachable()
    {
        var node = $"{fixture.Address.Host}:{fixture.Address.Port}";
        var within = TimeSpan.FromSeconds(60);

        var trusted = await BuiltPrograms.Run(OpsProcess.Dll(), ["--node", node, .. Certs.ConsoleFlags(Certs.Operator), "cluster", "show"], within);
        var none = await BuiltPrograms.Run(OpsProcess.Dll(), ["--node", node, "cluster", "show"], within);
        // Another CA's operator (who trusts that CA: with the cluster's, the console refuses its own certificate, exit 2).
        var stranger = await BuiltPrograms.Run(OpsProcess.Dll(),
            ["--node", node, "--cert", Certs.Stranger, "--cert-password", TestCertificates.Password, "--ca", Certs.OtherCaPath, "cluster", "show"], within);

        Assert.True(trusted.ExitCode == ExitCodes.Done, trusted.Stdout + trusted.Stderr);
        Assert.Contains(fixture.Address.ToString(), trusted.Stdout);
        Assert.True(none.ExitCode == ExitCodes.Unreachable, none.Stdout + none.Stderr);
        Assert.StartsWith("cluster unreachable", none.Stderr);
        Assert.True(stranger.ExitCode == ExitCodes.Unreachable, stranger.Stdout + stranger.Stderr);
        Assert.StartsWith("cluster unreachable", stranger.Stderr);
    }

    [Fact]
    public async Task The_console_takes_a_PEM_certificate_and_key()
    {
        var pem = Certs.OperatorPem;
        var result = await OpsRunner.Run("", "--node", $"{fixture.Address.Host}:{fixture.Address.Port}",
            "--cert", pem.CertificatePath!, "--key", pem.KeyPath!, "--ca", pem.CaPath!, "accounts", "list");

        Assert.True(result.Code == ExitCodes.Done, result.Out + result.Error);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 Load(string pfx) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(pfx, TestCertificates.Password);

    private static DotNettySslSetup AnyPeer(string pfx) =>
        new(Load(pfx), suppressValidation: true, requireMutualAuthentication: true);
}

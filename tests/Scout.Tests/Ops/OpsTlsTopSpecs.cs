using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>
/// <c>top</c> with mutual TLS: its samples are sent to the console by the node that hosts the session, so here the
/// console's own remoting is checked by the node as well as the other way round. The real console process.
/// </summary>
public sealed class OpsTlsTopSpecs : DemoNodeSpec, IDisposable
{
    private readonly TestCertificates _certs;

    public OpsTlsTopSpecs() : this(new TestCertificates())
    {
    }

    private OpsTlsTopSpecs(TestCertificates certs)
        : base(RealtimeNode.Settings([.. certs.NodeSettings(certs.Node).Select(s => (s.Key, s.Value))])) => _certs = certs;

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Top_over_TLS_shows_live_samples_and_ends_on_SIGTERM()
    {
        var (_, serverId) = await DemoAgent("ops-tls-top-1");
        using var console = OpsProcess.Start(["--node", Node.RemotingAddress(), .. _certs.ConsoleFlags(_certs.Operator), "top", serverId]);

        await Eventually.Holds(() => Assert.Matches(@"samples: [1-9]", console.Output), TimeSpan.FromSeconds(20));
        console.Signal("TERM");

        Assert.Equal(ExitCodes.Done, await console.Exit(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopped watching ops-tls-top-1", console.Output);
    }
}

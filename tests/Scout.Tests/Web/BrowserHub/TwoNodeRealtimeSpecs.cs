using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>
/// Location transparency from the first day: two nodes in one process, joined over real Akka remoting
/// on loopback and sharing one database. The agent connects to one node, the watcher to the other, and
/// the account's session lives wherever sharding puts it.
/// </summary>
public sealed class TwoNodeRealtimeSpecs : IAsyncLifetime
{
    private ScoutNodeFactory _first = null!;
    private ScoutNodeFactory _second = null!;
    private readonly List<IAsyncDisposable> _cleanup = [];

    public async Task InitializeAsync()
    {
        _first = new ScoutNodeFactory(RealtimeNode.Settings());
        _first.Start();
        var seed = Akka.Cluster.Cluster.Get(_first.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        _second = new ScoutNodeFactory(RealtimeNode.Settings(
            ("Scout:Cluster:Seeds:0", seed),
            ("Scout:Database:Path", _first.DatabasePath)));
        _second.Start();
        await Eventually.Holds(() =>
        {
            var cluster = Akka.Cluster.Cluster.Get(_second.Services.GetRequiredService<ActorSystem>());
            Assert.Equal(2, cluster.State.Members.Count(m => m.Status == MemberStatus.Up));
        }, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
            await d.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Samples_from_an_agent_on_one_node_reach_a_watcher_on_the_other()
    {
        var account = await _first.DemoAccountId();
        var agent = await _first.StartAgent(await _first.NewAgentKey(account), "two-node-host");
        _cleanup.Add(agent);
        var serverId = await _second.OnlineServerId(account, "two-node-host");
        var browser = await _second.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        _cleanup.Add(browser);

        var started = await browser.StartRealtime(serverId);
        var samples = await browser.NextSamples(3, within: TimeSpan.FromSeconds(10));

        Assert.True(started.Online);
        Assert.All(samples, s => Assert.Equal(serverId, s.ServerId));
        Assert.True(samples[0].Time < samples[1].Time && samples[1].Time < samples[2].Time);
    }
}

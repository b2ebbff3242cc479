using Akka.Actor;
using Akka.Cluster;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Agent.Metrics;
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
    // The shared database lives in a folder of the spec's own, not the first node's: a spec may stop either node.
    private readonly string _sharedFolder = Path.Combine(Path.GetTempPath(), "scout-tests", "two-nodes-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _first = new ScoutNodeFactory(RealtimeNode.Settings(), dataFolder: _sharedFolder);
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
        if (Directory.Exists(_sharedFolder))
            Directory.Delete(_sharedFolder, recursive: true);
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

    [Fact]
    public async Task When_the_agents_node_stops_the_agent_moves_to_the_other_node_and_the_watcher_sees_the_stream_again()
    {
        var account = await _first.DemoAccountId();
        var agent = await AgentHost.StartAsync(new AgentOptions
        {
            Servers = [_first.Address, _second.Address],
            Key = await _first.NewAgentKey(account),
            Hostname = "failover-host",
        }, new ProcMetricsSource());
        _cleanup.Add(agent);
        AgentLinkProtocol.LinkStatus status = null!;
        await Eventually.Holds(async () =>
        {
            status = await LinkStatus(agent);
            Assert.Equal("connected", status.State);
        }, TimeSpan.FromSeconds(15));
        // The agent picked one of the two at random: the watcher is on the other one, which stays up.
        var (agentsNode, watchersNode) = status.Server == _first.Address ? (_first, _second) : (_second, _first);
        var serverId = await watchersNode.OnlineServerId(account, "failover-host");
        var browser = await watchersNode.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        _cleanup.Add(browser);
        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));

        var stopped = Stopwatch.StartNew();
        await agentsNode.DisposeAsync();
        while (browser.Samples.Reader.TryRead(out _)) { }

        // Nobody clicks anything: the agent reaches the other node, the session starts its stream again.
        var resumed = await browser.NextSamples(2, within: TimeSpan.FromSeconds(10));
        Assert.All(resumed, s => Assert.Equal(serverId, s.ServerId));
        Assert.Equal(watchersNode.Address, (await LinkStatus(agent)).Server);
        Assert.True(stopped.Elapsed < Eventually.Scaled(TimeSpan.FromSeconds(10)), $"stream back {stopped.Elapsed} after the node stopped");
    }

    private static Task<AgentLinkProtocol.LinkStatus> LinkStatus(AgentHost agent) =>
        agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
            AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));
}

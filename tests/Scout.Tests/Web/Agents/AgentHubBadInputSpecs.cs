using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.Agents;

/// <summary>Bad input from an agent gets a counted drop and disturbs nobody, on the real agent hub.</summary>
public sealed class AgentHubBadInputSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());
    private HubConnection _agent = null!;
    private Browser _watcher = null!;
    private string _serverId = "";

    public async Task InitializeAsync()
    {
        var account = await _node.DemoAccountId();
        (_agent, _serverId) = await _node.HandMadeAgent(await _node.NewAgentKey(account), "bad-input");
        // Samples are admitted only while a stream was asked for: someone watches this server.
        _watcher = await _node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        await _watcher.StartRealtime(_serverId);
        await Eventually.Holds(async () => Assert.True((await ProxyInfo()).Streaming));
    }

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync();
        await _agent.DisposeAsync();
        await _node.DisposeAsync();
    }

    private async Task<AgentProxyProtocol.AgentInfo> ProxyInfo()
    {
        var agents = _node.Service<ActorRegistry>().Get<AgentConnections>();
        var report = await agents.Ask<AgentProxyProtocol.AgentsReport>(AgentProxyProtocol.GetAgents.Instance, TimeSpan.FromSeconds(5));
        return report.Agents.Single(a => a.ServerId == _serverId);
    }

    /// <summary>The bad input, then a good sample: only the bad one is dropped, and the connection stays up.</summary>
    private async Task SendThenAGoodSample(string method, object badInput)
    {
        await _agent.SendAsync(method, badInput);
        await _agent.SendAsync(AgentHubMethods.Sample, Samples.At(_serverId, Samples.Now));

        await DroppedAndRelayed(1, 1);
    }

    private async Task DroppedAndRelayed(long dropped, long relayed)
    {
        await Eventually.Holds(async () =>
        {
            var info = await ProxyInfo();
            Assert.Equal((dropped, relayed), (info.SamplesDropped, info.SamplesRelayed));
        });
        Assert.Equal(HubConnectionState.Connected, _agent.State);
    }

    [Fact]
    public async Task An_oversized_sample_is_dropped_and_counted_and_the_connection_stays_up()
    {
        // ~80 KB: over the 64 KB sample limit, under SignalR's 128 KB ceiling.
        var oversized = Samples.At(_serverId, Samples.Now) with
        {
            Processes = [.. Enumerable.Range(1, 300).Select(i => new ProcessStats(i, "p", new string('x', 150), "root", "S", 0, 1, 1))],
        };

        await SendThenAGoodSample(AgentHubMethods.Sample, oversized);
    }

    [Fact]
    public async Task A_sample_claiming_another_server_is_dropped_and_counted()
    {
        await _agent.SendAsync(AgentHubMethods.Sample, Samples.At("someone-elses-server", Samples.Now));

        await Eventually.Holds(async () => Assert.Equal(1L, (await ProxyInfo()).SamplesDropped));
        Assert.Equal(HubConnectionState.Connected, _agent.State);
    }

    [Fact]
    public async Task A_malformed_sample_is_dropped_and_counted_and_the_connection_stays_up()
    {
        await SendThenAGoodSample(AgentHubMethods.Sample, new { serverId = _serverId, time = "not a number" });
    }

    [Fact]
    public async Task A_malformed_sample_in_a_backfill_costs_only_itself()
    {
        object[] backfill =
        [
            Samples.At(_serverId, Samples.Now - 2000),
            new { serverId = _serverId, cpu = "not an object" },
            Samples.At(_serverId, Samples.Now - 1000),
        ];

        await _agent.SendAsync(AgentHubMethods.Backfill, backfill);

        await DroppedAndRelayed(1, 2);
    }
}

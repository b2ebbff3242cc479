using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>
/// An attacker with one agent key, trying what the agent hub was not made for: another account's server,
/// browser-only calls, messages too large or too deep, samples faster than asked, odd text. Each gets its exact
/// answer, and the other account's stream goes on.
/// </summary>
public sealed class AgentHubAttackSpecs(HostileAgentNode hostile) : IClassFixture<HostileAgentNode>
{
    [Fact]
    public async Task A_sample_claiming_the_other_accounts_server_is_dropped_and_never_reaches_its_watcher()
    {
        var (agent, serverId) = await hostile.StreamingAttacker("forger");
        await using var _ = agent;
        const long Marker = 123_456_789;
        var forged = Samples.At(hostile.VictimServerId, Samples.Now) with { Memory = new MemoryStats(Marker, 0, 0, 0, 0, 0, 0) };

        for (var i = 0; i < 3; i++)
            await agent.SendAsync(AgentHubMethods.Sample, forged);
        await agent.SendAsync(AgentHubMethods.Backfill, new[] { forged });

        await hostile.Counted(serverId, dropped: 4, relayed: 0);
        await hostile.LoggedTimes("server id does not match the agent's connection", 1);
        var seen = await hostile.VictimWatcher.NextSamples(3, TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(seen, s => s.Memory.Total == Marker);
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task A_report_for_the_other_accounts_server_is_rejected()
    {
        var (agent, _) = await RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "report-forger");
        await using var _ = agent;

        var ack = await agent.InvokeAsync<ReportAck>(AgentHubMethods.Report,
            Scout.Tests.Agent.Reporting.ReportSpoolTests.Report(Samples.Now) with { ServerId = hostile.VictimServerId });

        Assert.Equal((ReportAck.Rejected, "report names another server than this connection's"), (ack.Status, ack.Reason));
    }

    [Fact]
    public async Task The_other_accounts_hostname_gives_the_attacker_a_server_of_its_own()
    {
        var (agent, serverId) = await RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "victim-box");
        await using var _ = agent;

        Assert.NotEqual(hostile.VictimServerId, serverId);
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task Fifty_connections_of_one_hostname_are_one_server_and_leave_nothing_behind()
    {
        var agents = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "many-connections")));

        Assert.Single(agents.Select(a => a.ServerId).Distinct());
        await hostile.OthersUndisturbed();
        foreach (var (hub, _) in agents)
            await hub.DisposeAsync();
        // Every connection's proxy ends with it: nothing of the fifty stays on the node.
        await Eventually.Holds(async () => Assert.DoesNotContain(await hostile.Agents(), a => a.ServerId == agents[0].ServerId));
    }

    [Fact]
    public async Task A_browser_only_method_does_not_exist_on_the_agent_hub()
    {
        var (agent, _) = await RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "calls-browser-methods");
        await using var _ = agent;

        var error = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync<object>("StartRealtime", hostile.VictimServerId));

        Assert.Equal("Failed to invoke 'StartRealtime' due to an error on the server. HubException: Method does not exist.", error.Message);
        Assert.Equal(HubConnectionState.Connected, agent.State);
    }

    [Fact]
    public async Task An_agent_key_does_not_open_the_browser_hub()
    {
        var browserHub = new HubConnectionBuilder()
            .WithUrl(new Uri(hostile.Node.Address, MetricsHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(hostile.AttackerKey))
            .Build();
        await using var _ = browserHub;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => browserHub.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_sample_of_a_thousand_cores_is_an_oversized_drop()
    {
        var (agent, serverId) = await hostile.StreamingAttacker("thousand-cores");
        await using var _ = agent;
        var good = HostileAgentNode.Good(serverId);
        var huge = good with { Cpu = good.Cpu with { Cores = [.. Enumerable.Range(0, 1000).Select(i => good.Cpu.Cores[0] with { Name = $"cpu{i}" })] } };

        await agent.SendAsync(AgentHubMethods.Sample, huge);

        await hostile.Counted(serverId, dropped: 1, relayed: 0);
        await hostile.LoggedTimes(SampleLimits.Oversized, 1);
        Assert.Equal(HubConnectionState.Connected, agent.State);
    }

    [Fact]
    public async Task A_message_over_128_KB_closes_only_that_connection_and_the_agent_may_come_back()
    {
        var (agent, _) = await hostile.StreamingAttacker("ten-thousand-nics");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var good = HostileAgentNode.Good("x");
        var huge = good with { Network = [.. Enumerable.Range(0, 10_000).Select(i => good.Network[0] with { Name = $"veth{i}" })] };

        await agent.SendAsync(AgentHubMethods.Sample, huge);

        await closed.Task.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        await agent.DisposeAsync();
        var (again, _) = await RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "ten-thousand-nics");
        await again.DisposeAsync();
        await hostile.OthersUndisturbed();
    }

    /// <summary>A raw agent whose server someone watches, so its samples reach the proxy's checks.</summary>
    private async Task<RawAgentSocket> StreamingRawAgent(string hostname)
    {
        var agent = await RawAgentSocket.Connect(hostile.Node.Address, hostile.AttackerKey, hostname);
        await hostile.AttackerBrowser.StartRealtime(agent.ServerId);
        await Eventually.Holds(async () => Assert.True((await hostile.Proxy(agent.ServerId)).Streaming));
        return agent;
    }

    private static string GoodJson(string serverId) => JsonSerializer.Serialize(HostileAgentNode.Good(serverId), MetricsJson.Options);

    /// <summary>SignalR's reader stops at depth 64 before any of our code sees the message: like an oversized
    /// message, it ends that connection (the agent may come back), and nothing else.</summary>
    [Fact]
    public async Task Json_nested_a_thousand_deep_closes_only_that_connection()
    {
        await using var agent = await StreamingRawAgent("deep-json");
        var deep = $"{{\"serverId\":\"{agent.ServerId}\",\"cpu\":{new string('[', 1000)}{new string(']', 1000)}}}";

        await agent.Send(AgentHubMethods.Sample, deep);

        Assert.Equal("Connection closed with an error.", await agent.ClosedBy());
        hostile.NoErrorsLogged();
        await using var again = await RawAgentSocket.Connect(hostile.Node.Address, hostile.AttackerKey, "deep-json");
        Assert.Equal(agent.ServerId, again.ServerId);
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_process_name_is_a_malformed_drop()
    {
        await using var agent = await StreamingRawAgent("lone-surrogate");
        var broken = GoodJson(agent.ServerId).Replace("\"name\":\"init\"", "\"name\":\"\\ud800init\"");

        await agent.Send(AgentHubMethods.Sample, broken);
        await agent.Send(AgentHubMethods.Sample, GoodJson(agent.ServerId));

        await hostile.Counted(agent.ServerId, dropped: 1, relayed: 1);
        hostile.NoErrorsLogged();
    }

    [Fact]
    public async Task Two_thousand_samples_at_once_pass_only_the_streams_pace()
    {
        var (agent, serverId) = await hostile.StreamingAttacker("sample-flood");
        await using var _ = agent;
        var sample = HostileAgentNode.Good(serverId);

        for (var i = 0; i < 2000; i++)
            await agent.SendAsync(AgentHubMethods.Sample, sample);

        await Eventually.Holds(async () =>
        {
            var info = await hostile.Proxy(serverId);
            Assert.Equal(2000, info.SamplesDropped + info.SamplesRelayed);
            // A burst of 5, then two per 1 s interval while the 2,000 arrive.
            Assert.InRange(info.SamplesRelayed, 5, 30);
        });
        await hostile.LoggedTimes("too frequent", 1);
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task A_backfill_beyond_what_a_stream_start_allows_is_dropped()
    {
        var (agent, serverId) = await hostile.StreamingAttacker("backfill-flood");
        await using var _ = agent;
        var slice = Enumerable.Range(0, 100).Select(i => Samples.At(serverId, Samples.Now - 60_000 + i)).ToArray();

        for (var i = 0; i < 16; i++)
            await agent.SendAsync(AgentHubMethods.Backfill, slice);

        // 1,500 per start: five minutes at the shortest interval, and a quarter more.
        await hostile.Counted(serverId, dropped: 100, relayed: 1500);
        await hostile.LoggedTimes("backfill not asked for", 1);
        await hostile.OthersUndisturbed();
    }
}

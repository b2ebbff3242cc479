using Akka.Actor;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>
/// The realtime path end to end on a real Kestrel port: the real agent code reading this machine, the
/// real node (hubs, sessions, bridge, SQLite), and SignalR .NET clients logged in as browsers.
/// </summary>
public sealed class RealtimeEndToEndSpecs : DemoNodeSpec
{
    private const string Demo = "demo@localhost";

    private static async Task<AgentLinkProtocol.LinkStatus> LinkStatus(AgentHost agent) =>
        await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
            AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task A_watcher_sees_live_samples_with_increasing_times_within_seconds()
    {
        var (_, serverId) = await DemoAgent("e2e-web-1");
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));

        var started = await browser.StartRealtime(serverId);
        // The bound: three live samples within 5 s of asking (scaled only by SCOUT_TEST_TIMEFACTOR).
        var samples = await browser.NextSamples(3, within: TimeSpan.FromSeconds(5));

        Assert.True(started.Online);
        Assert.Equal(1000, started.IntervalMs);
        Assert.All(samples, s => Assert.Equal(serverId, s.ServerId));
        Assert.True(samples[0].Time < samples[1].Time && samples[1].Time < samples[2].Time);
        Assert.All(samples, s => Assert.NotEmpty(s.Processes));
    }

    [Fact]
    public async Task Stopping_realtime_stops_the_agents_streamer()
    {
        var (agent, serverId) = await DemoAgent("e2e-web-1");
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));
        Assert.True((await LinkStatus(agent)).Streaming);

        await browser.StopRealtime(serverId);

        // The grace period is 1 s in these tests; then StopStreaming reaches the agent.
        await Eventually.Holds(async () => Assert.False((await LinkStatus(agent)).Streaming), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_user_of_another_account_is_refused_and_receives_nothing()
    {
        var (_, serverId) = await DemoAgent("e2e-web-1");
        await Node.SignUp("mallory@example.com", "mallory-password", "Mallory Inc");
        var owner = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        var intruder = await Keep(Node.Browser("mallory@example.com", "mallory-password"));
        await owner.StartRealtime(serverId);

        var refused = await Assert.ThrowsAsync<HubException>(() => intruder.StartRealtime(serverId));
        var unknown = await Assert.ThrowsAsync<HubException>(() => intruder.StartRealtime("no-such-server"));

        // The same words for a foreign server and a missing one: the answer tells nothing.
        Assert.Contains(MetricsHub.NotAllowed, refused.Message);
        Assert.Equal(refused.Message, unknown.Message);
        await owner.NextSamples(3, within: TimeSpan.FromSeconds(15));
        Assert.False(intruder.Samples.Reader.TryRead(out _));
    }

    [Fact]
    public async Task An_agent_of_another_account_cannot_publish_into_this_one()
    {
        var (_, serverId) = await DemoAgent("e2e-web-1");
        var otherAccount = await Node.SignUp("eve@example.com", "eve-password-1", "Eve Ltd");
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));

        // A hand-made client with a valid key of the other account...
        var (forger, forgerServer) = await Node.HandMadeAgent(await Node.NewAgentKey(otherAccount), "forger");
        await using var forgerConnection = forger;
        // ...whose own server is watched, so its samples are admitted as far as the server-id check...
        var eve = await Keep(Node.Browser("eve@example.com", "eve-password-1"));
        await eve.StartRealtime(forgerServer);
        await Eventually.Holds(async () => Assert.True((await ForgerInfo(forgerServer)).Streaming));
        // ...claiming the demo server's id.
        var forged = Samples.At(serverId, Samples.Now) with { Load = new Scout.Actors.AgentWire.LoadStats(999, 999, 999, 1, 1) };
        for (var i = 0; i < 3; i++)
            await forger.SendAsync(AgentHubMethods.Sample, forged with { Time = forged.Time + i });

        await Eventually.Holds(async () =>
        {
            Assert.Equal(3L, (await ForgerInfo(forgerServer)).SamplesDropped);
            // Akka hands log lines to the logger asynchronously.
            Assert.Contains(Node.Logs.Entries, e => e.Message.Contains("server id does not match the agent's connection"));
        });
        Assert.Equal(0L, (await ForgerInfo(forgerServer)).SamplesRelayed);
        var received = await browser.NextSamples(4, within: TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(received, s => s.Load.One == 999);
        Assert.False(eve.Samples.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_connected_agent_that_stops_sending_is_said_stalled_within_five_seconds_and_resumed_by_its_next_sample()
    {
        var (agent, serverId) = await Node.HandMadeAgent(await Node.NewAgentKey(await Node.DemoAccountId()), "e2e-frozen");
        await using var agentConnection = agent;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.On<AgentDirectives.StartStreaming>(AgentHubMethods.StartStreaming, _ => started.TrySetResult());
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await started.Task.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        var lastTime = Samples.Now;
        await agent.SendAsync(AgentHubMethods.Sample, Samples.At(serverId, lastTime));
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(5));

        // Then nothing: frozen, as under SIGSTOP, while its connection stays open.
        var silent = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal($"stalled:{serverId}:{lastTime}", await browser.NextEvent(within: TimeSpan.FromSeconds(5)));
        Assert.True(silent.Elapsed >= TimeSpan.FromSeconds(2), $"said stalled after only {silent.Elapsed}: three 1 s intervals had not passed");

        await agent.SendAsync(AgentHubMethods.Sample, Samples.At(serverId, Samples.Now));
        Assert.Equal($"resumed:{serverId}", await browser.NextEvent(within: TimeSpan.FromSeconds(5)));
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(5));
    }

    private async Task<AgentProxyProtocol.AgentInfo> ForgerInfo(string serverId)
    {
        var agents = Node.Service<Akka.Hosting.ActorRegistry>().Get<Scout.Actors.AgentProxies.AgentConnections>();
        var report = await agents.Ask<AgentProxyProtocol.AgentsReport>(AgentProxyProtocol.GetAgents.Instance, TimeSpan.FromSeconds(5));
        return report.Agents.Single(a => a.ServerId == serverId);
    }

    [Fact]
    public async Task A_watcher_is_told_when_the_agent_goes_offline_and_the_stream_resumes_when_it_returns()
    {
        var key = await Node.NewAgentKey(DemoAccount);
        var first = await Node.StartAgent(key, "e2e-comes-back");
        var serverId = await Node.OnlineServerId(DemoAccount, "e2e-comes-back");
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));

        await first.DisposeAsync();

        Assert.Equal($"offline:{serverId}", await browser.NextEvent(within: TimeSpan.FromSeconds(15)));
        while (browser.Samples.Reader.TryRead(out _)) { }
        var again = await Keep(Node.StartAgent(key, "e2e-comes-back"));
        Assert.Equal($"online:{serverId}", await browser.NextEvent(within: TimeSpan.FromSeconds(15)));
        // Nobody pressed anything: the session asked the returning agent to stream again by itself.
        var resumed = await browser.NextSamples(2, within: TimeSpan.FromSeconds(15));
        Assert.All(resumed, s => Assert.Equal(serverId, s.ServerId));
        Assert.True((await LinkStatus(again)).Streaming);
    }

    [Fact]
    public async Task A_node_with_nobody_watching_sends_no_samples()
    {
        var (agent, _) = await DemoAgent("e2e-web-1");

        // A window, not a wait for an actor: over 10 s the agent must send nothing at all.
        var before = await LinkStatus(agent);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await LinkStatus(agent);

        Assert.False(after.Streaming);
        Assert.Equal(before.SamplesSent, after.SamplesSent);
        Assert.Equal(0, after.SamplesSent);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_the_agent_stops_with_a_clear_reason()
    {
        var store = Node.Service<Scout.Web.Accounts.Keys.AgentKeyStore>();
        var issued = await store.CreateAsync(DemoAccount, "to be revoked");
        await store.RevokeAsync(DemoAccount, issued.KeyId);

        var agent = await Keep(Node.StartAgent(issued.Key, "e2e-revoked"));
        var exit = await agent.Exited.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(15)));

        Assert.True(exit.KeyRefused);
    }

    [Fact]
    public async Task Revoking_the_key_of_a_connected_agent_closes_its_connection_and_the_agent_stops()
    {
        var store = Node.Service<Scout.Web.Accounts.Keys.AgentKeyStore>();
        var issued = await store.CreateAsync(DemoAccount, "revoked while connected");
        var agent = await Keep(Node.StartAgent(issued.Key, "e2e-revoked-live"));
        var serverId = await Node.OnlineServerId(DemoAccount, "e2e-revoked-live");
        var browser = await Keep(Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));

        await store.RevokeAsync(DemoAccount, issued.KeyId);

        // Closed by the node within its check period (1 s here); the agent's reconnect is refused.
        var exit = await agent.Exited.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(20)));
        Assert.True(exit.KeyRefused);
        Assert.Equal($"offline:{serverId}", await browser.NextEvent(within: TimeSpan.FromSeconds(10)));
    }
}

using Akka.Actor;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.Agents;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Scout.Web.Streaming;
using Xunit;

namespace Scout.Tests.Web.Streaming;

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
        var samples = await browser.NextSamples(3, within: TimeSpan.FromSeconds(15));

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

        // A hand-made client with a valid key of the other account, claiming the demo server's id.
        var forger = new HubConnectionBuilder()
            .WithUrl(new Uri(Node.Address, AgentHubMethods.Path + "?hostname=forger"),
                o => o.AccessTokenProvider = async () => await Node.NewAgentKey(otherAccount))
            .Build();
        await using var _ = forger;
        await forger.StartAsync();
        var forged = Samples.At(serverId, Samples.Now) with { Load = new Scout.Actors.Metrics.LoadStats(999, 999, 999, 1, 1) };
        for (var i = 0; i < 5; i++)
            await forger.SendAsync(AgentHubMethods.Sample, forged with { Time = forged.Time + i });

        var received = await browser.NextSamples(4, within: TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(received, s => s.Load.One == 999);
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
}

using System.Text.Json;
using Scout.Agent.Hosting;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>scout-ops on the realtime path: a real agent on a real node, browsers over SignalR, and the
/// console itself as a remote watcher.</summary>
public sealed class OpsRealtimeSpecs : DemoNodeSpec
{
    private const string Demo = "demo@localhost";

    private static Task<bool> Streaming(AgentHost agent) => agent.IsStreaming();

    /// <summary>Reads the browser's events until <paramref name="expected"/> (what the hub pushed, e.g. sessionEnded).</summary>
    private static async Task WaitForEvent(Browser browser, string expected)
    {
        using var cts = new CancellationTokenSource(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var e = await browser.Events.Reader.ReadAsync(cts.Token);
                if (e == expected)
                    return;
                seen.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the browser was not told '{expected}'; it got: [{string.Join(", ", seen)}]");
        }
    }

    [Fact]
    public async Task Agents_list_shows_the_connected_agent_with_its_account_and_node()
    {
        var (_, serverId) = await DemoAgent("ops-agents-1");

        var table = await Node.Ops("agents", "list");
        var json = await Node.Ops("agents", "list", "--account", "Demo", "--json");
        var other = await Node.Ops("agents", "list", "--account", "Nope");

        Assert.Equal(ExitCodes.Done, table.Code);
        Assert.Matches($@"{serverId}\s+ops-agents-1\s+Demo\s+akka\.tcp://scout@\S+\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+no", table.Out);
        using var doc = JsonDocument.Parse(json.Out);
        var agent = Assert.Single(doc.RootElement.GetProperty("agents").EnumerateArray());
        Assert.Equal(serverId, agent.GetProperty("serverId").GetString());
        Assert.Equal("Demo", agent.GetProperty("account").GetString());
        Assert.False(agent.GetProperty("streaming").GetBoolean());
        Assert.Equal(ExitCodes.Refused, other.Code);
    }

    [Fact]
    public async Task Sessions_list_shows_a_watched_server_and_sessions_end_stops_the_agents_streamer()
    {
        var (agent, serverId) = await DemoAgent("ops-sessions-1");
        var browser = await Node.Browser(Demo, ScoutNodeFactory.DemoPassword);
        Keep(browser);
        await browser.StartRealtime(serverId);
        await browser.NextSamples(2, within: TimeSpan.FromSeconds(10));
        Assert.True(await Streaming(agent));

        var table = await Node.Ops("sessions", "list");
        var json = await Node.Ops("sessions", "list", "--account", "Demo", "--json");
        Assert.Matches($@"Demo\s+{serverId}\s+ops-sessions-1\s+1\s+\d{{4}}-\S+ \S+\s+\d+\.\d\d\s+\d+s\s+yes\s+online", table.Out);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var session = Assert.Single(doc.RootElement.GetProperty("sessions").EnumerateArray());
            Assert.Equal(1, session.GetProperty("watchers").GetInt32());
            Assert.True(session.GetProperty("samplesReceived").GetInt64() >= 2);
            Assert.True(session.GetProperty("leaseUntil").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        var ended = await Node.Ops("sessions", "end", "Demo", "ops-sessions-1");

        Assert.Equal(ExitCodes.Done, ended.Code);
        Assert.Contains($"ended session of ops-sessions-1 ({serverId})", ended.Out);
        await WaitForEvent(browser, $"ended:{serverId}:ended-by-operator");
        await Eventually.Holds(async () => Assert.False(await Streaming(agent)), TimeSpan.FromSeconds(10));
        var afterwards = await Node.Ops("sessions", "list", "--json");
        using (var doc = JsonDocument.Parse(afterwards.Out))
            Assert.Empty(doc.RootElement.GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task Sessions_list_names_the_member_that_runs_each_session()
    {
        var (_, serverId) = await DemoAgent("ops-node-1");
        var browser = Keep(await Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);

        var json = await Node.Ops("sessions", "list", "--json");
        var table = await Node.Ops("sessions", "list");

        var self = Akka.Cluster.Cluster.Get(Node.Service<Akka.Actor.ActorSystem>()).SelfAddress.ToString();
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(self, Assert.Single(doc.RootElement.GetProperty("sessions").EnumerateArray()).GetProperty("node").GetString());
        Assert.Contains(self, table.Out);
    }

    [Fact]
    public async Task A_second_session_of_a_server_shows_its_own_rate_of_about_one_sample_a_second()
    {
        var (agent, serverId) = await DemoAgent("ops-rate-1");
        var browser = Keep(await Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await browser.NextSamples(5, within: TimeSpan.FromSeconds(15));
        await browser.StopRealtime(serverId);
        await Eventually.Holds(async () => Assert.False(await Streaming(agent)), TimeSpan.FromSeconds(10));
        while (browser.Samples.Reader.TryRead(out _))
        {
        }

        await browser.StartRealtime(serverId);
        await browser.NextSamples(6, within: TimeSpan.FromSeconds(15));
        var json = await Node.Ops("sessions", "list", "--json");

        // Samples over the session's age: the first comes at once and the second half an interval to one and a half
        // later (the stream's phase), so six samples read at most 6 / 4.5 s = 1.33. Counted over both sessions the
        // rate read about 2.4; a loaded machine can only make it lower (later samples).
        using var doc = JsonDocument.Parse(json.Out);
        var rate = Assert.Single(doc.RootElement.GetProperty("sessions").EnumerateArray()).GetProperty("samplesPerSecond").GetDouble();
        Assert.InRange(rate, 0.5, 1.5);
    }

    [Fact]
    public async Task A_hostname_two_accounts_use_is_resolved_within_the_named_account_and_refused_as_ambiguous_by_top()
    {
        var acme = await Node.SignUp("owner@acme.example", "acme-password-1", "Acme");
        Keep(await Node.StartAgent(await Node.NewAgentKey(acme), "shared-host"));
        var acmeServer = await Node.OnlineServerId(acme, "shared-host");
        var (_, demoServer) = await DemoAgent("shared-host");
        var browser = Keep(await Node.Browser(Demo, ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(demoServer);

        var ended = await Node.Ops("sessions", "end", "Demo", "shared-host");
        var top = await Node.Ops("top", "shared-host");

        Assert.Equal(ExitCodes.Done, ended.Code);
        Assert.Contains($"ended session of shared-host ({demoServer})", ended.Out);
        await WaitForEvent(browser, $"ended:{demoServer}:ended-by-operator");
        Assert.Equal(ExitCodes.Refused, top.Code);
        var line = Assert.Single(top.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ambiguous server: shared-host", line);
        Assert.Contains($"Acme/shared-host ({acmeServer})", line);
        Assert.Contains($"Demo/shared-host ({demoServer})", line);
    }

    [Fact]
    public async Task Sessions_end_does_not_reach_into_another_account_by_server_id()
    {
        var acme = await Node.SignUp("owner@acme2.example", "acme-password-1", "Acme2");
        Keep(await Node.StartAgent(await Node.NewAgentKey(acme), "acme-only"));
        var acmeServer = await Node.OnlineServerId(acme, "acme-only");

        var result = await Node.Ops("sessions", "end", "Demo", acmeServer);

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains($"unknown server in Demo: {acmeServer}", result.Error);
    }

    [Fact]
    public async Task Sessions_end_of_a_server_without_a_session_is_refused()
    {
        await DemoAgent("ops-idle-1");

        var result = await Node.Ops("sessions", "end", "Demo", "ops-idle-1");
        var unknown = await Node.Ops("sessions", "end", "Demo", "no-such-host");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Equal(ExitCodes.Refused, unknown.Code);
    }
}

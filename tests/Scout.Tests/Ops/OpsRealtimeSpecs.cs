using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.Streaming;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>scout-ops on the realtime path: a real agent on a real node, browsers over SignalR, and the
/// console itself as a remote watcher.</summary>
public sealed partial class OpsRealtimeSpecs : DemoNodeSpec
{
    private const string Demo = "demo@localhost";

    private static async Task<bool> Streaming(AgentHost agent) =>
        (await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
            AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5))).Streaming;

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
        await Eventually.Holds(async () => Assert.False(await Streaming(agent)), TimeSpan.FromSeconds(10));
        var afterwards = await Node.Ops("sessions", "list", "--json");
        using (var doc = JsonDocument.Parse(afterwards.Out))
            Assert.Empty(doc.RootElement.GetProperty("sessions").EnumerateArray());
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

    [Fact]
    public async Task Top_receives_live_samples_and_ends_its_session_on_quit()
    {
        var (agent, serverId) = await DemoAgent("ops-top-1");
        var keys = new KeyFeed();
        var output = new StringWriter();
        var screen = TextWriter.Synchronized(output);
        var io = new OpsIo(TextReader.Null, screen, TextWriter.Synchronized(new StringWriter()), keys.Read, false);
        var top = OpsProgram.RunAsync(["--node", Node.RemotingAddress(), "top", serverId], io);

        await Eventually.Holds(() =>
        {
            var counts = SamplesSeen().Matches(Snapshot(screen, output)).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.True(counts.Count > 0 && counts.Max() >= 2, "no samples shown yet: " + Snapshot(screen, output)[^Math.Min(600, Snapshot(screen, output).Length)..]);
        }, TimeSpan.FromSeconds(15));
        Assert.True(await Streaming(agent));
        var text = Snapshot(screen, output);
        Assert.Contains($"ops-top-1 ({serverId})", text);
        Assert.Matches(@"cpu\d+\s+\[[#.]{30}\] \d+\.\d%", text);
        Assert.Matches(@"mem\s+\[[#.]{30}\]", text);
        Assert.Contains("PID USER", text);

        keys.Press('q');
        var code = await top;

        Assert.Equal(ExitCodes.Done, code);
        Assert.Contains("stopped watching ops-top-1", Snapshot(screen, output));
        // The console unwatched: the session stops the stream after its (1 s in tests) grace period.
        await Eventually.Holds(async () => Assert.False(await Streaming(agent)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Top_of_an_unknown_server_is_refused_with_exit_4()
    {
        var result = await Node.Ops("top", "no-such-server");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("unknown server", result.Error);
    }

    private static string Snapshot(TextWriter synchronizedWriter, StringWriter inner)
    {
        lock (synchronizedWriter)
            return inner.ToString();
    }

    [GeneratedRegex(@"samples: (\d+)")]
    private static partial Regex SamplesSeen();
}

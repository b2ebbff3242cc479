using Akka.Actor;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.History;

/// <summary>
/// Minute reports end to end with the real agent (1 s reports) and real nodes on one fixed port sharing
/// one database folder, so a node can be stopped and another started where the agent expects it.
/// Nothing lost is checked by the windows' chain: each report starts where the one before ended, so a
/// missing or doubled report shows as a break.
/// </summary>
public sealed class ReportDeliverySpecs : IAsyncLifetime
{
    private const string Hostname = "reporting-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scout-tests", "delivery-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = BuiltPrograms.FreePort();
    private readonly List<IAsyncDisposable> _running = [];
    private string _key = "";

    private string SpoolFolder => Path.Combine(_folder, "spool");

    private string DataFolder => Path.Combine(_folder, "node");

    public async Task InitializeAsync()
    {
        var node = await StartNode();
        _key = await node.NewAgentKey(await node.DemoAccountId());
    }

    public async Task DisposeAsync()
    {
        foreach (var running in Enumerable.Reverse(_running))
            await running.DisposeAsync();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Reports_made_while_the_server_was_down_are_all_stored_once_in_order_when_it_is_back()
    {
        var node = _running.OfType<ScoutNodeFactory>().Single();
        var agent = await StartAgent();
        await Eventually.Holds(async () => Assert.True((await Status(agent)).Acknowledged >= 2), TimeSpan.FromSeconds(30));

        await Stop(node);
        await Eventually.Holds(async () => Assert.True((await Status(agent)).Spooled >= 3), TimeSpan.FromSeconds(30));
        var spooledWhileDown = SpooledIds();
        node = await StartNode();

        await Eventually.Holds(async () => Assert.Equal(0, (await Status(agent)).Spooled), TimeSpan.FromSeconds(60));
        var stored = await StoredReports(node);
        AssertUnbrokenChain(stored);
        Assert.True(spooledWhileDown.Count >= 3, $"{spooledWhileDown.Count} reports spooled while down");
        Assert.All(spooledWhileDown, id => Assert.Single(stored, r => r.Id == id));
        Assert.Equal(0, (await Status(agent)).Rejected);
    }

    [Fact]
    public async Task An_agent_restarted_with_a_full_spool_replays_it_without_loss()
    {
        var node = _running.OfType<ScoutNodeFactory>().Single();
        var first = await StartAgent();
        await Eventually.Holds(async () => Assert.True((await Status(first)).Acknowledged >= 1), TimeSpan.FromSeconds(30));
        await Stop(node);
        await Eventually.Holds(async () => Assert.True((await Status(first)).Spooled >= 4), TimeSpan.FromSeconds(30));
        await Stop(first);
        var spooled = SpooledIds();
        Assert.True(spooled.Count >= 4);

        var second = await StartAgent();
        node = await StartNode();

        await Eventually.Holds(async () => Assert.Equal(0, (await Status(second)).Spooled), TimeSpan.FromSeconds(60));
        var stored = (await StoredReports(node)).Select(r => r.Id).ToList();
        Assert.All(spooled, id => Assert.Single(stored, id));
    }

    [Fact]
    public async Task While_the_database_is_locked_nothing_is_acknowledged_and_afterwards_everything_is_stored()
    {
        var node = _running.OfType<ScoutNodeFactory>().Single();
        var agent = await StartAgent();
        await Eventually.Holds(async () => Assert.True((await Status(agent)).Acknowledged >= 1), TimeSpan.FromSeconds(30));

        long ackedWhileLocked;
        await using (var locker = await node.Service<ScoutDatabase>().OpenAsync())
        {
            await using (var exclusive = locker.Command("BEGIN EXCLUSIVE;"))
                await exclusive.ExecuteNonQueryAsync();
            var before = await Status(agent);
            // A write waits out the busy timeout (5 s), fails, and the agent is told: no ack.
            await Eventually.Holds(async () =>
            {
                var now = await Status(agent);
                Assert.True(now.SendFailures > before.SendFailures && now.Spooled >= 2, $"{now}");
            }, TimeSpan.FromSeconds(30));
            ackedWhileLocked = (await Status(agent)).Acknowledged - before.Acknowledged;
            await using var rollback = locker.Command("ROLLBACK;");
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.InRange(ackedWhileLocked, 0, 1); // at most the one write already committed when the lock was taken
        await Eventually.Holds(async () => Assert.Equal(0, (await Status(agent)).Spooled), TimeSpan.FromSeconds(60));
        AssertUnbrokenChain(await StoredReports(node));
    }

    // ---- helpers ----

    private sealed record StoredReport(string Id, long Time, long From);

    private static void AssertUnbrokenChain(IReadOnlyList<StoredReport> stored)
    {
        Assert.True(stored.Count >= 3, $"{stored.Count} reports stored");
        for (var i = 1; i < stored.Count; i++)
            Assert.True(stored[i].From == stored[i - 1].Time,
                $"report {i} ({stored[i].Id}) starts at {stored[i].From}, the one before ended at {stored[i - 1].Time}");
        Assert.Equal(stored.Count, stored.Select(r => r.Id).Distinct().Count());
    }

    private static async Task<List<StoredReport>> StoredReports(ScoutNodeFactory node)
    {
        await using var connection = await node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command("""
            SELECT r.report_id, r.time, json_extract(r.detail, '$.from')
            FROM reports r JOIN servers s ON s.id = r.server_id WHERE s.hostname = @h ORDER BY r.time;
            """, null, ("@h", Hostname));
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new List<StoredReport>();
        while (await reader.ReadAsync())
            stored.Add(new StoredReport(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return stored;
    }

    private List<string> SpooledIds() =>
        Directory.EnumerateFiles(SpoolFolder, "*.report.json")
            .Select(f => Path.GetFileName(f).Split('-')[1].Split('.')[0])
            .ToList();

    private async Task<ScoutNodeFactory> StartNode()
    {
        var node = new ScoutNodeFactory(RealtimeNode.Settings(), _port, DataFolder);
        _running.Add(node);
        node.Start();
        await Task.CompletedTask;
        return node;
    }

    private async Task<AgentHost> StartAgent()
    {
        var agent = await AgentHost.StartAsync(new AgentOptions
        {
            Servers = [new Uri($"http://127.0.0.1:{_port}")],
            Key = _key,
            Hostname = Hostname,
            Reconnect = new ReconnectSettings(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.2),
            // Readings every 250 ms, so every 1 s report window holds some.
            Buffer = new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250)),
            Report = new ReportSettings(true, TimeSpan.FromSeconds(1), SpoolFolder, TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(300)),
        }, new ProcMetricsSource());
        _running.Add(agent);
        return agent;
    }

    private async Task Stop(IAsyncDisposable running)
    {
        _running.Remove(running);
        await running.DisposeAsync();
    }

    private static Task<ReporterProtocol.ReporterStatus> Status(AgentHost agent) =>
        agent.Agent.Ask<ReporterProtocol.ReporterStatus>(ReporterProtocol.GetReporterStatus.Instance, TimeSpan.FromSeconds(5));
}

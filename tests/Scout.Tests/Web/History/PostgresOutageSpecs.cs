using Akka.Actor;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Support;
using Scout.Tests.Web.Accounts;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.History;

/// <summary>
/// A node on PostgreSQL loses the database while a real agent reports every second. Only this test's
/// throw-away database goes away (it stops accepting connections and its sessions are ended), so the
/// server stays up for every other test; for the node that is the same failure as a server that is down.
/// </summary>
public sealed class PostgresOutageSpecs : IAsyncLifetime
{
    private const string Hostname = "outage-1";
    private readonly TestPostgres.ThrowawayDatabase _database = TestPostgres.CreateDatabase();
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "scout-tests", "outage-" + Guid.NewGuid().ToString("N"));
    private ScoutNodeFactory _node = null!;
    private AgentHost? _agent;

    public async Task InitializeAsync()
    {
        _node = new ScoutNodeFactory(RealtimeNode.Settings(
            ("Scout:Database:Provider", "postgresql"), ("Scout:Database:ConnectionString", _database.ConnectionString)));
        var key = await _node.NewAgentKey(await _node.DemoAccountId());
        _agent = await AgentHost.StartAsync(new AgentOptions
        {
            Servers = [_node.Address],
            Key = key,
            Hostname = Hostname,
            Reconnect = new ReconnectSettings(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.2),
            Buffer = new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250)),
            Report = new ReportSettings(true, TimeSpan.FromSeconds(1), _spool, TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(300)),
        }, new ProcMetricsSource());
    }

    [Fact]
    public async Task Reports_sent_while_postgresql_is_down_are_not_acknowledged_and_are_stored_once_when_it_is_back()
    {
        await Eventually.Holds(async () => Assert.True((await Status()).Acknowledged >= 2), TimeSpan.FromSeconds(30));

        _database.GoAway();
        var down = await Status();
        await Eventually.Holds(async () =>
        {
            var now = await Status();
            Assert.True(now.SendFailures > down.SendFailures && now.Spooled >= 3, $"{now}");
        }, TimeSpan.FromSeconds(30));
        var spooledWhileDown = Directory.EnumerateFiles(_spool, "*.report.json")
            .Select(f => Path.GetFileName(f).Split('-')[1].Split('.')[0]).ToList();
        var ackedWhileDown = (await Status()).Acknowledged - down.Acknowledged;
        _database.ComeBack();

        await Eventually.Holds(async () => Assert.Equal(0, (await Status()).Spooled), TimeSpan.FromSeconds(60));
        var stored = await StoredReportIds();
        Assert.InRange(ackedWhileDown, 0, 1); // at most a write that committed just before the database went
        Assert.True(spooledWhileDown.Count >= 3, $"{spooledWhileDown.Count} reports spooled while down");
        Assert.All(spooledWhileDown, id => Assert.Single(stored, id));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(0, (await Status()).Rejected);
    }

    private async Task<List<string>> StoredReportIds()
    {
        await using var connection = await _node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command(
            "SELECT r.report_id FROM reports r JOIN servers s ON s.id = r.server_id WHERE s.hostname = @h ORDER BY r.time;",
            null, ("@h", Hostname));
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }

    private Task<ReporterProtocol.ReporterStatus> Status() =>
        _agent!.Agent.Ask<ReporterProtocol.ReporterStatus>(ReporterProtocol.GetReporterStatus.Instance, TimeSpan.FromSeconds(5));

    public async Task DisposeAsync()
    {
        if (_agent is not null)
            await _agent.DisposeAsync();
        await _node.DisposeAsync();
        _database.Dispose();
        try { Directory.Delete(_spool, true); } catch (IOException) { }
    }
}

using System.Diagnostics;
using Akka.Actor;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Support;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>
/// Minute reports from a stolen key: a flood is held to the server's quota (the database on a real SQLite
/// file grows by the documented bound, not by what was sent), reports with impossible or oversized content are
/// rejected with their reason, and a real agent emptying its spool is never refused.
/// </summary>
public sealed class ReportFloodSpecs(HostileAgentNode hostile, ITestOutputHelper output) : IClassFixture<HostileAgentNode>
{
    private static readonly string ThrottledError = $"HubException: {ReportPace.Throttled}";

    private async Task<(HubConnection Hub, string ServerId)> Attacker(string hostname) =>
        await Scout.Tests.Web.BrowserHub.RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, hostname);

    private async Task<long> Rows(string serverId)
    {
        await using var connection = await hostile.Node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command("SELECT COUNT(*) FROM reports WHERE server_id = @s;", null, ("@s", serverId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The database file's size with the write-ahead log copied in, so the file alone says what was stored.</summary>
    private async Task<long> DatabaseBytes()
    {
        await using (var connection = await hostile.Node.Service<ScoutDatabase>().OpenAsync())
        await using (var command = connection.Command("PRAGMA wal_checkpoint(TRUNCATE);"))
            await command.ExecuteNonQueryAsync();
        return new FileInfo(hostile.Node.DatabasePath).Length;
    }

    /// <summary>A report as large as the node takes: 100 processes with long command lines, just under 64 KB of detail.</summary>
    private static MinuteReport Largest(long time)
    {
        var report = ReportSpoolTests.Report(time);
        var processes = Enumerable.Range(1, ReportValidation.MaxProcesses)
            .Select(pid => new ProcessStats(pid, "flood", new string('c', 520), "root", "S", 0.5, 1 << 20, 1)).ToArray();
        return report with { Processes = processes };
    }

    [Fact]
    public async Task Five_thousand_largest_reports_store_only_the_quota_and_grow_the_database_by_the_bound()
    {
        var (hub, serverId) = await Attacker("report-flood");
        await using var _ = hub;
        var sample = Largest(Samples.Now);
        Assert.InRange(ReportStore.DetailBytes(sample), 56 * 1024, ReportIntake.MaxDetailBytes);
        var quota = hostile.Node.Service<ReportQuota>();
        var throttledBefore = quota.Throttled;
        var before = await DatabaseBytes();

        // Every report distinct and dated inside the retention, as in the attack: none is a duplicate or too old.
        var clock = Stopwatch.StartNew();
        var now = Samples.Now;
        var stored = 0;
        var throttled = 0;
        for (var batch = 0; batch < 50; batch++)
        {
            var calls = Enumerable.Range(batch * 100, 100).Select(async i =>
            {
                try
                {
                    return (await hub.InvokeAsync<ReportAck>(AgentHubMethods.Report, Largest(now - i * 60_000L) with { ServerId = serverId })).Status;
                }
                catch (HubException e) when (e.Message.EndsWith(ThrottledError, StringComparison.Ordinal))
                {
                    return "throttled";
                }
            }).ToArray();
            foreach (var status in await Task.WhenAll(calls))
            {
                if (status == ReportAck.Stored) stored++;
                else if (status == "throttled") throttled++;
                else Assert.Fail($"unexpected answer {status}");
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var grown = await DatabaseBytes() - before;

        // The quota: a burst, then the rate, over however long the flood took.
        var allowed = ReportPace.NodeBurst + ReportPace.NodePerSecond * seconds + 1;
        output.WriteLine($"5000 reports in {seconds:0.0} s: {stored} stored, {throttled} throttled, database +{grown / 1024.0:0} KiB (allowed {allowed:0} reports)");
        Assert.Equal(5000, stored + throttled);
        Assert.InRange(stored, ReportPace.NodeBurst, allowed);
        Assert.Equal(stored, await Rows(serverId));
        Assert.Equal(throttled, quota.Throttled - throttledBefore);
        // docs/agent.md, "Quotas": a stored report costs at most 64 KB of detail and ~2 KB of row, index and page slack.
        Assert.InRange(grown, 0, (long)(allowed * (ReportIntake.MaxDetailBytes + 2048)));
        // Logged on the first refusal and every 1,000th, not per report.
        await Eventually.Holds(() => Assert.InRange(hostile.Logged("sent reports faster than its quota"), 1, 1 + quota.Throttled / 1000));
        Assert.Equal(HubConnectionState.Connected, hub.State);
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task A_replayed_report_is_one_row_and_replays_spend_the_quota()
    {
        var (hub, serverId) = await Attacker("report-replay");
        await using var _ = hub;
        var report = ReportSpoolTests.Report(Samples.Now) with { ServerId = serverId };

        var answers = new List<string>();
        for (var i = 0; i < ReportPace.NodeBurst + 5; i++)
        {
            try
            {
                answers.Add((await hub.InvokeAsync<ReportAck>(AgentHubMethods.Report, report)).Status);
            }
            catch (HubException e) when (e.Message.EndsWith(ThrottledError, StringComparison.Ordinal))
            {
                answers.Add("throttled");
            }
        }

        Assert.Equal(ReportAck.Stored, answers[0]);
        Assert.All(answers.Skip(1).Take(ReportPace.NodeBurst - 1), a => Assert.Equal(ReportAck.Duplicate, a));
        Assert.Contains("throttled", answers);
        Assert.Equal(1, await Rows(serverId));
    }

    public static TheoryData<string, Func<MinuteReport, object>, string> Rejected => new()
    {
        { "another-server", r => r with { ServerId = "someone-elses-server" }, "report names another server than this connection's" },
        { "neg-memory", r => r with { MemoryUsed = new Stat(-5e12, 1) }, "impossible value: negative memory, load or rate" },
        { "core-250", r => r with { CpuCores = [new NamedStat("cpu0", 250, 250)] }, "impossible value: core share outside 0-100, or a missing or overlong core" },
        { "far-past", r => r with { Time = -1_000_000_000_000_000, From = -1_000_000_000_001_000 }, "report is older than the retention" },
        { "400-procs", r => r with { Processes = [.. Enumerable.Repeat(r.Processes[0], 400)] }, "oversize report (at most 1024 cores, 256 filesystems, 100 processes)" },
        { "fat-detail", r => r with { Processes = [.. Enumerable.Range(1, 100).Select(i => r.Processes[0] with { Pid = i, Command = new string('x', 1000) })] },
            "oversize report: more than 64 KB of cores, filesystems and processes" },
        { "inf-literal", r => JsonDocument.Parse(JsonSerializer.Serialize(r, MetricsJson.Options)
            .Replace("\"loadOne\":{\"avg\":0.5", "\"loadOne\":{\"avg\":1e400")).RootElement.Clone(), "figures must be finite numbers" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_report_no_agent_could_send_is_rejected_with_its_reason_and_not_stored(string hostname, Func<MinuteReport, object> bad, string reason)
    {
        var (hub, serverId) = await Attacker("reject-" + hostname);
        await using var _ = hub;

        var ack = await hub.InvokeAsync<ReportAck>(AgentHubMethods.Report, bad(ReportSpoolTests.Report(Samples.Now) with { ServerId = serverId }));

        Assert.Equal(ReportAck.Rejected, ack.Status);
        Assert.StartsWith(reason, ack.Reason);
        Assert.Equal(0, await Rows(serverId));
        hostile.NoErrorsLogged();
    }

    [Fact]
    public async Task A_real_agent_emptying_a_spool_of_40_reports_is_never_throttled()
    {
        var spoolFolder = Path.Combine(hostile.Node.DataFolder, "catch-up-spool");
        var spool = new ReportSpool(spoolFolder, 1000);
        var start = Samples.Now - 60 * 60_000L;
        for (var i = 0; i < 40; i++)
            spool.Add(ReportSpoolTests.Report(start + i * 60_000L));
        var throttledBefore = hostile.Node.Service<ReportQuota>().Throttled;

        await using var agent = await AgentHost.StartAsync(new AgentOptions
        {
            Servers = [hostile.Node.Address],
            Key = hostile.AttackerKey,
            Hostname = "catching-up",
            Buffer = new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250)),
            Report = new ReportSettings(true, TimeSpan.FromMinutes(1), spoolFolder, TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(300)),
        }, new ProcMetricsSource());

        await Eventually.Holds(async () =>
        {
            var status = await agent.Agent.Ask<ReporterProtocol.ReporterStatus>(ReporterProtocol.GetReporterStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal((0, 40L), (status.Spooled, status.Acknowledged));
        }, TimeSpan.FromSeconds(60));
        var final = await agent.Agent.Ask<ReporterProtocol.ReporterStatus>(ReporterProtocol.GetReporterStatus.Instance, TimeSpan.FromSeconds(5));
        // Its one send failure, if any, is the first report asked for before the link was welcomed; none was refused.
        Assert.Equal(0L, final.Rejected);
        Assert.InRange(final.SendFailures, 0, 1);
        Assert.Equal(throttledBefore, hostile.Node.Service<ReportQuota>().Throttled);
    }
}

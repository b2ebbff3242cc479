using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;

namespace Scout.Bench.Commands;

/// <summary>
/// The server's report path under the load of many agents: validation, the batching writer and SQLite,
/// exactly as the agent hub calls them (ReportIntake), without the SignalR transport. Agents report once
/// a minute, spread evenly, so N agents make N/60 reports a second. Then the history query of one server
/// holding 7 days of minute reports.
/// </summary>
public sealed class ReportsCommand : IBenchCommand
{
    public string Name => "reports";

    public string Usage => "[--agents 10000] [--seconds 60]   report write latency and ack rate on SQLite, 7-day history query latency";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var agents = 10_000;
        var seconds = 60;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                && args[i] is "--agents" or "--seconds")
            {
                if (args[i] == "--agents") agents = n; else seconds = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"reports: unknown or invalid option '{args[i]}'; usage: reports {Usage}");
                return 2;
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), "scout-bench-reports-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "scout.db");
        var database = new ScoutDatabase(file);
        try
        {
            var servers = await CreateServersAsync(database, agents + 1, ct);
            var template = Template();
            await WriteLoadAsync(database, servers[..agents], template, seconds, stdout, ct);
            stdout.WriteLine($"  database file after the run: {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MiB (+ WAL)");
            await QueryAsync(database, servers[agents], template, stdout, ct);
            return 0;
        }
        finally
        {
            database.ReleasePooledConnections();
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    private static async Task WriteLoadAsync(
        ScoutDatabase database, string[] servers, MetricsSample template, int seconds, TextWriter stdout, CancellationToken ct)
    {
        var settings = new HistorySettings();
        var store = new ReportStore(database, TimeProvider.System);
        var writer = new ReportWriter(store, settings, NullLogger<ReportWriter>.Instance);
        var intake = new ReportIntake(writer, new ReportQuota(settings, TimeProvider.System), settings, TimeProvider.System, NullLogger<ReportIntake>.Instance);
        await writer.StartAsync(ct);

        var rate = servers.Length / 60.0;
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var acked = 0;
        var failed = 0;
        var pending = new List<Task>(total);
        stdout.WriteLine($"reports: {servers.Length} agents, one report a minute each = {rate:F1} reports/s, for {seconds} s ({total} reports)");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total && !ct.IsCancellationRequested; i++)
        {
            // Open loop: each report leaves at its scheduled time whatever the acks before it did.
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var index = i;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var report = ReportBuilder.Build(ReportBuilder.NewId(now), now - 60_000, now, 60_000, [template with { Time = now }])!;
            pending.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var ack = await intake.AcceptAsync(servers[index % servers.Length], report with { ServerId = servers[index % servers.Length] });
                    latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (ack.IsDurable) Interlocked.Increment(ref acked); else Interlocked.Increment(ref failed);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
            }, ct));
        }
        await Task.WhenAll(pending);
        var elapsed = clock.Elapsed.TotalSeconds;
        await writer.StopAsync(CancellationToken.None);

        var sorted = latencies.Where(l => l > 0).Order().ToArray();
        stdout.WriteLine($"  acked {acked} of {total} ({acked / elapsed:F1} acks/s over {elapsed:F1} s), failed {failed}");
        stdout.WriteLine($"  write latency (submit to ack after commit): p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms, max {sorted.LastOrDefault():F2} ms");
    }

    private static async Task QueryAsync(ScoutDatabase database, string server, MetricsSample template, TextWriter stdout, CancellationToken ct)
    {
        var store = new ReportStore(database, TimeProvider.System);
        var to = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var from = to - (long)TimeSpan.FromDays(7).TotalMilliseconds;
        var week = Enumerable.Range(0, 7 * 24 * 60)
            .Select(i => from + i * 60_000L)
            .Select(t => (server, ReportBuilder.Build(ReportBuilder.NewId(t), t - 60_000, t, 60_000, [template with { Time = t }])!))
            .ToArray();
        foreach (var batch in week.Chunk(1000))
            await store.WriteAsync(batch, ct);

        foreach (var (label, rangeFrom) in new[] { ("7 days", from), ("1 hour", to - 3_600_000) })
        {
            var bucket = HistoryEndpoints.BucketFor(rangeFrom, to);
            var times = new List<double>();
            var points = 0;
            for (var run = 0; run < 25; run++)
            {
                var start = Stopwatch.GetTimestamp();
                var series = await store.QueryAsync(server, rangeFrom, to, bucket, HistorySeries.All, ct);
                if (run >= 5) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds); // first 5 warm up
                points = series["memory.used"].Count;
            }
            var sorted = times.Order().ToArray();
            stdout.WriteLine($"history query, {label} of one server ({week.Length} reports stored), all 11 series, {points} points each: " +
                             $"p50 {Percentile(sorted, 0.5):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms");
        }
    }

    private static async Task<string[]> CreateServersAsync(ScoutDatabase database, int count, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, count).Select(_ => ScoutIds.New()).ToArray();
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var account = connection.Command("INSERT INTO accounts (id, name, created) VALUES ('bench', 'Bench', 0);", transaction))
            await account.ExecuteNonQueryAsync(ct);
        await using var insert = connection.Command(
            "INSERT INTO servers (id, account_id, hostname, first_seen, last_seen) VALUES (@id, 'bench', @host, 0, 0);", transaction,
            ("@id", ""), ("@host", ""));
        for (var i = 0; i < count; i++)
        {
            insert.Parameters["@id"].Value = ids[i];
            insert.Parameters["@host"].Value = $"host-{i}";
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return ids;
    }

    /// <summary>A real reading of this machine (with its process list), so report rows have a real size.</summary>
    private static MetricsSample Template()
    {
        var source = new ProcMetricsSource();
        source.Read();
        Thread.Sleep(200); // a second reading has rates and CPU shares
        return source.Read();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

using System.Text.Json;
using System.Data;
using System.Data.Common;
using Scout.Actors.AgentWire;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.History;

/// <summary>
/// Minute reports, one row per (server, report id): the chartable figures as columns, the
/// per-core, filesystem and process detail as JSON. Writing the same report again adds no row.
/// </summary>
public sealed class ReportStore(ScoutDatabase database, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Writes the batch in one transaction. Returns, per report in order, true when a row was added and
    /// false when it was already stored. Throws when the database fails: then nothing of the batch is stored.
    /// </summary>
    public async Task<bool[]> WriteAsync(IReadOnlyList<(string ServerId, MinuteReport Report)> batch, CancellationToken ct = default)
    {
        var inserted = new bool[batch.Count];
        if (batch.Count == 0) return inserted;
        var received = UnixTime.ToMs(clock.GetUtcNow());
        return await database.RunAsync<bool[]>(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = connection.Command(InsertReport, transaction);
            // Typed parameters: a figure is null in one report and a number in the next, and a prepared statement keeps its types.
            var parameters = new Dictionary<string, DbParameter>();
            foreach (var name in new[] { "@server", "@id", "@detail" })
                parameters[name] = command.Add(name, DbType.String);
            foreach (var name in new[] { "@time", "@received", "@interval", "@samples" })
                parameters[name] = command.Add(name, DbType.Int64);
            foreach (var name in HistorySeries.All.SelectMany(s => new[] { $"@{s.Column}_avg", $"@{s.Column}_max" }))
                parameters[name] = command.Add(name, DbType.Double);
            await command.PrepareAsync(ct);
            await using var coreRows = await CoreRows.PrepareAsync(connection, transaction, ct);

            for (var i = 0; i < batch.Count; i++)
            {
                var (serverId, report) = batch[i];
                parameters["@server"].Value = serverId;
                parameters["@id"].Value = report.ReportId;
                parameters["@time"].Value = report.Time;
                parameters["@received"].Value = received;
                parameters["@interval"].Value = report.IntervalMs;
                parameters["@samples"].Value = report.Samples;
                foreach (var series in HistorySeries.All)
                {
                    var stat = series.Of(report);
                    parameters[$"@{series.Column}_avg"].Value = stat is null ? DBNull.Value : stat.Avg;
                    parameters[$"@{series.Column}_max"].Value = stat is null ? DBNull.Value : stat.Max;
                }
                parameters["@detail"].Value = JsonSerializer.Serialize(Detail(report), Json);
                inserted[i] = await command.ExecuteNonQueryAsync(ct) == 1;
                // A replay adds no row, so its cores are already stored.
                if (inserted[i] && report.CpuCores is { Count: > 0 } cores)
                    await coreRows.WriteAsync(serverId, report, cores, ct);
            }
            await transaction.CommitAsync(ct);
            return inserted;
        }, ct);
    }

    // The columns come from the series list, so a series added there is written without editing this text.
    private static readonly string InsertReport = $"""
        INSERT INTO reports (server_id, report_id, time, received, interval_ms, samples, {string.Join(", ", HistorySeries.All.Select(s => $"{s.Column}_avg, {s.Column}_max"))}, detail)
        VALUES (@server, @id, @time, @received, @interval, @samples, {string.Join(", ", HistorySeries.All.Select(s => $"@{s.Column}_avg, @{s.Column}_max"))}, @detail)
        ON CONFLICT (server_id, report_id) DO NOTHING;
        """;

    /// <summary>The insert of one report's per-core figures, prepared once per batch.</summary>
    private sealed class CoreRows(DbCommand command, DbParameter server, DbParameter id, DbParameter time, DbParameter core, DbParameter avg, DbParameter max)
        : IAsyncDisposable
    {
        public static async Task<CoreRows> PrepareAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
        {
            var command = connection.Command("""
                INSERT INTO report_cores (server_id, report_id, time, core, avg, max) VALUES (@server, @id, @time, @core, @avg, @max)
                ON CONFLICT (server_id, report_id, core) DO NOTHING;
                """, transaction);
            var rows = new CoreRows(command, command.Add("@server", DbType.String), command.Add("@id", DbType.String), command.Add("@time", DbType.Int64),
                command.Add("@core", DbType.String), command.Add("@avg", DbType.Double), command.Add("@max", DbType.Double));
            await command.PrepareAsync(ct);
            return rows;
        }

        public async Task WriteAsync(string serverId, MinuteReport report, IReadOnlyList<NamedStat> cores, CancellationToken ct)
        {
            server.Value = serverId;
            id.Value = report.ReportId;
            time.Value = report.Time;
            // A name twice in one report (only a hand-made one does that) keeps its first figure.
            foreach (var c in cores)
            {
                core.Value = c.Name;
                avg.Value = c.Avg;
                max.Value = c.Max;
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Series of one server between from (inclusive) and to (exclusive), in buckets of bucketMs: [t, min, avg, max].</summary>
    /// <remarks>min is the lowest report average in the bucket, avg the mean of the averages, max the highest report maximum.</remarks>
    public async Task<Dictionary<string, List<double[]>>> QueryAsync(
        string serverId, long from, long to, long bucketMs, IReadOnlyList<HistorySeries> series, CancellationToken ct = default)
    {
        var columns = string.Join(", ", series.Select(s => $"MIN({s.Column}_avg), AVG({s.Column}_avg), MAX({s.Column}_max)"));
        return await database.RunAsync<Dictionary<string, List<double[]>>>(async connection =>
        {
            await using var command = connection.Command($"""
                SELECT (time - @from) / @bucket AS b, {columns}
                FROM reports WHERE server_id = @server AND time >= @from AND time < @to
                GROUP BY b ORDER BY b;
                """, null, ("@from", from), ("@to", to), ("@bucket", bucketMs), ("@server", serverId));
            var result = series.ToDictionary(s => s.Name, _ => new List<double[]>());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var t = from + reader.GetInt64(0) * bucketMs;
                for (var i = 0; i < series.Count; i++)
                {
                    var at = 1 + i * 3;
                    // A bucket whose reports had no such figure (e.g. no rate on the first reading) has no point.
                    if (reader.IsDBNull(at)) continue;
                    result[series[i].Name].Add([t, reader.GetDouble(at), reader.GetDouble(at + 1), reader.GetDouble(at + 2)]);
                }
            }
            return result;
        }, ct);
    }

    /// <summary>
    /// Per-core busy % of one server like <see cref="QueryAsync"/>: core name → [t, min, avg, max], cores in their
    /// number's order (cpu2 before cpu10). Reports stored before migration 6 have no per-core rows.
    /// </summary>
    public async Task<SortedDictionary<string, List<double[]>>> QueryCoresAsync(
        string serverId, long from, long to, long bucketMs, CancellationToken ct = default)
    {
        return await database.RunAsync<SortedDictionary<string, List<double[]>>>(async connection =>
        {
            await using var command = connection.Command("""
                SELECT (time - @from) / @bucket AS b, core, MIN(avg), AVG(avg), MAX(max)
                FROM report_cores WHERE server_id = @server AND time >= @from AND time < @to
                GROUP BY b, core ORDER BY b;
                """, null, ("@from", from), ("@to", to), ("@bucket", bucketMs), ("@server", serverId));
            var result = new SortedDictionary<string, List<double[]>>(CoreOrder.Instance);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var core = reader.GetString(1);
                if (!result.TryGetValue(core, out var points)) result[core] = points = [];
                points.Add([from + reader.GetInt64(0) * bucketMs, reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)]);
            }
            return result;
        }, ct);
    }

    /// <summary>
    /// The filesystems and processes of the newest report between from (inclusive) and to (exclusive): what the tables
    /// show for a stretch of history, as they show the newest sample live. Null when the stretch holds no report.
    /// </summary>
    public async Task<ReportSnapshot?> SnapshotAsync(string serverId, long from, long to, CancellationToken ct = default)
    {
        return await database.RunAsync<ReportSnapshot?>(async connection =>
        {
            await using var command = connection.Command("""
                SELECT time, detail FROM reports WHERE server_id = @server AND time >= @from AND time < @to
                ORDER BY time DESC LIMIT 1;
                """, null, ("@from", from), ("@to", to), ("@server", serverId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var detail = JsonSerializer.Deserialize<ReportDetail>(reader.GetString(1), Json);
            return new ReportSnapshot(reader.GetInt64(0), detail?.Filesystems ?? [], detail?.Processes ?? []);
        }, ct);
    }

    /// <summary>When each of the servers last had a report stored (server clock) and at which interval.</summary>
    public async Task<Dictionary<string, (long Received, long IntervalMs)>> LastReportsAsync(IEnumerable<string> serverIds, CancellationToken ct = default)
    {
        var result = new Dictionary<string, (long, long)>();
        return await database.RunAsync<Dictionary<string, (long Received, long IntervalMs)>>(async connection =>
        {
            await using var command = connection.Command("""
                SELECT received, interval_ms FROM reports WHERE server_id = @server ORDER BY time DESC LIMIT 1;
                """);
            var server = command.Add("@server", DbType.String);
            foreach (var id in serverIds.Distinct())
            {
                server.Value = id;
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                    result[id] = (reader.GetInt64(0), reader.GetInt64(1));
            }
            return result;
        }, ct);
    }

    /// <summary>Deletes reports whose agent time is before the cut-off; returns how many.</summary>
    public async Task<int> PruneAsync(long beforeUnixMs, CancellationToken ct = default)
    {
        return await database.RunAsync<int>(async connection =>
        {
            await using var command = connection.Command("DELETE FROM reports WHERE time < @cut;", null, ("@cut", beforeUnixMs));
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>Bytes of the detail column's JSON for this report (the intake bounds it).</summary>
    public static int DetailBytes(MinuteReport report) => JsonSerializer.SerializeToUtf8Bytes(Detail(report), Json).Length;

    private static ReportDetail Detail(MinuteReport report) =>
        new(report.From, report.CpuCores ?? [], report.Filesystems ?? [], report.Processes ?? []);

    private sealed record ReportDetail(
        long From, IReadOnlyList<NamedStat> CpuCores, IReadOnlyList<FilesystemUse> Filesystems,
        IReadOnlyList<ProcessStats> Processes);
}

/// <summary>A stored report's tables: its filesystems and processes at <see cref="Time"/> (agent clock, Unix ms).</summary>
public sealed record ReportSnapshot(long Time, IReadOnlyList<FilesystemUse> Filesystems, IReadOnlyList<ProcessStats> Processes);

/// <summary>Core names by their number (cpu2 before cpu10), other names after, by text.</summary>
internal sealed class CoreOrder : IComparer<string>
{
    public static readonly CoreOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var (a, b) = (Number(x), Number(y));
        if (a != b) return a.CompareTo(b);
        return string.CompareOrdinal(x, y);
    }

    private static long Number(string? name)
    {
        var digits = name is null ? "" : new string(name.Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
        return long.TryParse(digits, out var n) ? n : long.MaxValue;
    }
}

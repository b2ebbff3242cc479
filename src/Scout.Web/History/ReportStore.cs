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
            await using var command = connection.Command("""
                INSERT INTO reports (server_id, report_id, time, received, interval_ms, samples,
                    cpu_avg, cpu_max, mem_used_avg, mem_used_max, mem_avail_avg, mem_avail_max, swap_used_avg, swap_used_max,
                    load1_avg, load1_max, load5_avg, load5_max, load15_avg, load15_max,
                    net_rx_avg, net_rx_max, net_tx_avg, net_tx_max, disk_read_avg, disk_read_max, disk_write_avg, disk_write_max, detail)
                VALUES (@server, @id, @time, @received, @interval, @samples,
                    @cpu_avg, @cpu_max, @mem_used_avg, @mem_used_max, @mem_avail_avg, @mem_avail_max, @swap_used_avg, @swap_used_max,
                    @load1_avg, @load1_max, @load5_avg, @load5_max, @load15_avg, @load15_max,
                    @net_rx_avg, @net_rx_max, @net_tx_avg, @net_tx_max, @disk_read_avg, @disk_read_max, @disk_write_avg, @disk_write_max, @detail)
                ON CONFLICT (server_id, report_id) DO NOTHING;
                """, transaction);
            // Typed parameters: a figure is null in one report and a number in the next, and a prepared statement keeps its types.
            var parameters = new Dictionary<string, DbParameter>();
            foreach (var name in new[] { "@server", "@id", "@detail" })
                parameters[name] = command.Add(name, DbType.String);
            foreach (var name in new[] { "@time", "@received", "@interval", "@samples" })
                parameters[name] = command.Add(name, DbType.Int64);
            foreach (var name in HistorySeries.All.SelectMany(s => new[] { $"@{s.Column}_avg", $"@{s.Column}_max" }))
                parameters[name] = command.Add(name, DbType.Double);
            await command.PrepareAsync(ct);

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
            }
            await transaction.CommitAsync(ct);
            return inserted;
        }, ct);
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
        IReadOnlyList<Scout.Actors.AgentWire.ProcessStats> Processes);
}

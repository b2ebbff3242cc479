using System.Data.Common;
using Scout.Actors.AgentWire;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Web.Accounts;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class ReportStoreSpecs : IDisposable
{
    private protected readonly TempDatabase _db;
    private protected readonly ReportStore _store;

    private protected ReportStoreSpecs(DatabaseProvider provider)
    {
        _db = new TempDatabase(provider);
        _store = new ReportStore(_db.Database, _db.Clock);
    }

    private protected async Task<string> ServerAsync(string hostname = "web-1")
    {
        var (_, account) = await _db.SignupAsync("Co " + hostname, hostname + "@example.com");
        return (await _db.Servers.FindOrCreateAsync(account.Id, hostname)).Id;
    }

    private static MinuteReport WithCpu(long time, double avg, double max) =>
        ReportSpoolTests.Report(time) with { CpuTotal = new Stat(avg, max) };

    private protected async Task<long> RowsAsync(string serverId)
    {
        await using var connection = await _db.Database.OpenAsync();
        await using var command = connection.Command("SELECT COUNT(*) FROM reports WHERE server_id = @s;", null, ("@s", serverId));
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_replayed_report_is_stored_once()
    {
        var server = await ServerAsync();
        var report = ReportSpoolTests.Report(1_000_000);

        var first = await _store.WriteAsync([(server, report)]);
        var replay = await _store.WriteAsync([(server, report), (server, report)]);

        Assert.Equal([true], first);
        Assert.Equal([false, false], replay);
        Assert.Equal(1, await RowsAsync(server));
    }

    [Fact]
    public async Task Buckets_hold_the_lowest_average_the_mean_of_averages_and_the_highest_maximum()
    {
        var server = await ServerAsync();
        await _store.WriteAsync([(server, WithCpu(10_000, 10, 50)), (server, WithCpu(20_000, 30, 40)), (server, WithCpu(70_000, 5, 6))]);

        var series = await _store.QueryAsync(server, 0, 120_000, 60_000, [HistorySeries.Named("cpu.total")!]);

        Assert.Equal([[0, 10, 20, 50], [60_000, 5, 5, 6]], series["cpu.total"]);
    }

    [Fact]
    public async Task The_range_includes_from_and_excludes_to_and_other_servers()
    {
        var server = await ServerAsync();
        var other = await ServerAsync("db-1");
        await _store.WriteAsync([(server, WithCpu(999, 1, 1)), (server, WithCpu(1000, 2, 2)), (server, WithCpu(1999, 3, 3)),
            (server, WithCpu(2000, 4, 4)), (other, WithCpu(1500, 9, 9))]);

        var series = await _store.QueryAsync(server, 1000, 2000, 1000, [HistorySeries.Named("cpu.total")!]);

        Assert.Equal([[1000, 2, 2.5, 3]], series["cpu.total"]);
    }

    [Fact]
    public async Task A_week_of_minute_reports_comes_back_in_at_most_a_thousand_points()
    {
        var server = await ServerAsync();
        var week = (long)TimeSpan.FromDays(7).TotalMilliseconds;
        var reports = Enumerable.Range(0, (int)(week / 60_000)).Select(i => (server, WithCpu(i * 60_000L, i % 100, i % 100))).ToArray();
        foreach (var batch in reports.Chunk(1000))
            await _store.WriteAsync(batch);

        var bucket = HistoryEndpoints.BucketFor(0, week);
        var series = await _store.QueryAsync(server, 0, week, bucket, HistorySeries.All);

        Assert.All(series.Values.Where(s => s.Count > 0), points => Assert.InRange(points.Count, 900, HistorySettings.MaxPoints));
        Assert.Equal(0, series["cpu.total"].Min(p => p[1]));
        Assert.Equal(99, series["cpu.total"].Max(p => p[3]));
    }

    [Fact]
    public async Task Pruning_deletes_only_reports_before_the_cut()
    {
        var server = await ServerAsync();
        await _store.WriteAsync([(server, WithCpu(1000, 1, 1)), (server, WithCpu(5000, 1, 1))]);

        Assert.Equal(1, await _store.PruneAsync(2000));
        Assert.Equal(1, await RowsAsync(server));
    }

    [Fact]
    public async Task The_last_report_of_each_server_gives_its_arrival_and_interval()
    {
        var server = await ServerAsync();
        await _store.WriteAsync([(server, ReportSpoolTests.Report(1000)), (server, ReportSpoolTests.Report(2000))]);

        var last = await _store.LastReportsAsync([server, "unknown"]);

        Assert.Equal((_db.Clock.Now.ToUnixTimeMilliseconds(), 1000L), last[server]);
        Assert.False(last.ContainsKey("unknown"));
    }

    public void Dispose() => _db.Dispose();

    public sealed class OnSqlite() : ReportStoreSpecs(DatabaseProvider.Sqlite)
    {
        [Fact]
        public async Task A_locked_database_fails_the_write_without_storing_and_a_later_write_succeeds()
        {
            var server = await ServerAsync();
            var report = ReportSpoolTests.Report(1_000_000);
            await using (var locker = await _db.Database.OpenAsync())
            {
                await using var exclusive = locker.Command("BEGIN EXCLUSIVE;");
                await exclusive.ExecuteNonQueryAsync();

                var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _store.WriteAsync([(server, report)]));
                Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY

                await using var rollback = locker.Command("ROLLBACK;");
                await rollback.ExecuteNonQueryAsync();
            }

            var retried = await _store.WriteAsync([(server, report)]);
            Assert.Equal([true], retried);
            Assert.Equal(1, await RowsAsync(server));
        }
    }

    public sealed class OnPostgreSql() : ReportStoreSpecs(DatabaseProvider.PostgreSql)
    {
        [Fact]
        public async Task A_database_that_went_away_fails_the_write_without_storing_and_a_later_write_succeeds()
        {
            var server = await ServerAsync();
            var report = ReportSpoolTests.Report(1_000_000);
            _db.Postgres.GoAway();

            var error = await Assert.ThrowsAnyAsync<DbException>(() => _store.WriteAsync([(server, report)]));
            Assert.Equal("55000", Assert.IsType<Npgsql.PostgresException>(error).SqlState); // "not currently accepting connections"
            _db.Postgres.ComeBack();

            var retried = await _store.WriteAsync([(server, report)]);
            Assert.Equal([true], retried);
            Assert.Equal(1, await RowsAsync(server));
        }
    }
}

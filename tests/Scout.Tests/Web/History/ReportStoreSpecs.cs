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

    [Fact]
    public async Task Cpu_user_system_io_wait_and_cached_memory_come_back_as_series()
    {
        var server = await ServerAsync();
        var report = ReportSpoolTests.Report(10_000) with
        {
            CpuUser = new Stat(12, 40), CpuSystem = new Stat(4, 9), CpuIoWait = new Stat(1.5, 30), MemoryCached = new Stat(2e9, 3e9),
        };
        await _store.WriteAsync([(server, report)]);

        var series = await _store.QueryAsync(server, 0, 60_000, 60_000,
            new[] { "cpu.user", "cpu.system", "cpu.iowait", "memory.cached" }.Select(n => HistorySeries.Named(n)!).ToArray());

        Assert.Equal([[0, 12, 12, 40]], series["cpu.user"]);
        Assert.Equal([[0, 4, 4, 9]], series["cpu.system"]);
        Assert.Equal([[0, 1.5, 1.5, 30]], series["cpu.iowait"]);
        Assert.Equal([[0, 2e9, 2e9, 3e9]], series["memory.cached"]);
    }

    [Fact]
    public async Task An_older_agents_report_without_the_newer_figures_is_stored_and_leaves_those_series_without_points()
    {
        var server = await ServerAsync();
        var old = ReportSpoolTests.Report(10_000) with { CpuUser = null, CpuSystem = null, CpuIoWait = null, MemoryCached = null, CpuCores = [] };

        var stored = await _store.WriteAsync([(server, old)]);
        Assert.Equal([true], stored);

        var series = await _store.QueryAsync(server, 0, 60_000, 60_000, HistorySeries.All);
        Assert.Empty(series["cpu.user"]);
        Assert.Empty(series["memory.cached"]);
        Assert.Single(series["cpu.total"]);
        Assert.Empty(await _store.QueryCoresAsync(server, 0, 60_000, 60_000));
    }

    [Fact]
    public async Task Per_core_figures_come_back_per_core_in_buckets_in_the_cores_number_order()
    {
        var server = await ServerAsync();
        static MinuteReport Cores(long time, double avg, double max) => ReportSpoolTests.Report(time) with
        {
            CpuCores = [new NamedStat("cpu10", avg, max), new NamedStat("cpu2", avg / 2, max / 2)],
        };
        await _store.WriteAsync([(server, Cores(10_000, 10, 50)), (server, Cores(20_000, 30, 40)), (server, Cores(70_000, 6, 8))]);

        var cores = await _store.QueryCoresAsync(server, 0, 120_000, 60_000);

        Assert.Equal(["cpu2", "cpu10"], cores.Keys);
        Assert.Equal([[0, 10, 20, 50], [60_000, 6, 6, 8]], cores["cpu10"]);
        Assert.Equal([[0, 5, 10, 25], [60_000, 3, 3, 4]], cores["cpu2"]);
    }

    [Fact]
    public async Task A_replayed_report_adds_no_second_per_core_row()
    {
        var server = await ServerAsync();
        var report = ReportSpoolTests.Report(10_000) with { CpuCores = [new NamedStat("cpu0", 10, 20)] };

        await _store.WriteAsync([(server, report)]);
        await _store.WriteAsync([(server, report)]);

        Assert.Equal([[0, 10, 10, 20]], (await _store.QueryCoresAsync(server, 0, 60_000, 60_000))["cpu0"]);
    }

    [Fact]
    public async Task The_snapshot_is_the_filesystems_and_processes_of_the_newest_report_in_the_range()
    {
        var server = await ServerAsync();
        static MinuteReport With(long time, int pid, string mount) => ReportSpoolTests.Report(time) with
        {
            Filesystems = [new FilesystemUse(mount, 1000, 400, 500, "ext4")],
            Processes = [new ProcessStats(pid, "worker", "worker --busy", "app", "R", 90, 1 << 20, 4)],
        };
        await _store.WriteAsync([(server, With(10_000, 1, "/a")), (server, With(20_000, 2, "/b")), (server, With(30_000, 3, "/c"))]);

        var snapshot = await _store.SnapshotAsync(server, 0, 30_000);

        Assert.NotNull(snapshot);
        Assert.Equal(20_000, snapshot.Time);
        Assert.Equal(new FilesystemUse("/b", 1000, 400, 500, "ext4"), Assert.Single(snapshot.Filesystems));
        Assert.Equal(2, Assert.Single(snapshot.Processes).Pid);
        Assert.Null(await _store.SnapshotAsync(server, 40_000, 50_000));
    }

    [Fact]
    public async Task Pruning_a_report_deletes_its_per_core_rows()
    {
        var server = await ServerAsync();
        await _store.WriteAsync([(server, ReportSpoolTests.Report(1000) with { CpuCores = [new NamedStat("cpu0", 1, 1)] })]);

        await _store.PruneAsync(2000);

        await using var connection = await _db.Database.OpenAsync();
        await using var command = connection.Command("SELECT COUNT(*) FROM report_cores WHERE server_id = @s;", null, ("@s", server));
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync()));
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

using System.Data.Common;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class ScoutDatabaseSpecs(DatabaseProvider provider) : IDisposable
{
    private protected readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task Creates_every_table_on_first_open()
    {
        var tables = await SchemaReader.TablesAsync(_temp.Database);

        Assert.Equal(["accounts", "agent_keys", "data_protection_keys", "ended_logins", "memberships", "report_cores", "reports", "schema_version",
            "servers", "users"], tables);
    }

    [Fact]
    public async Task Records_the_latest_schema_version()
    {
        await using var connection = await _temp.Database.OpenAsync();

        Assert.Equal(Migrations.Latest, await ScalarAsync<long>(connection, "SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public async Task Reopening_keeps_data_and_applies_no_migration_twice()
    {
        var (user, _) = await _temp.SignupAsync("Acme", "ann@example.com");

        var reopened = _temp.Open();
        var accounts = new AccountStore(reopened, _temp.Passwords, _temp.Clock);
        var memberships = await accounts.GetMembershipsAsync(user.Id);
        await using var connection = await reopened.OpenAsync();

        Assert.Equal("Acme", Assert.Single(memberships).AccountName);
        Assert.Equal(Migrations.All.Count, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_once()
    {
        // Each instance is a node of its own: its own pool, its own first migration, all at the same moment.
        var nodes = Enumerable.Range(0, 4).Select(_ => _temp.Open()).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.EnsureReadyAsync())).Append(_temp.Database.EnsureReadyAsync()));

        await using var connection = await nodes[0].OpenAsync();
        Assert.Equal(Migrations.All.Count, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(Migrations.All.Count, await ScalarAsync<long>(connection, "SELECT COUNT(DISTINCT version) FROM schema_version;"));
    }

    [Fact]
    public async Task Refuses_a_database_from_a_newer_build()
    {
        await using (var connection = await _temp.Database.OpenAsync())
        await using (var command = connection.Command(
            "INSERT INTO schema_version (version, description, applied) VALUES (@v, 'future', 0);", null,
            ("@v", Migrations.Latest + 1)))
        {
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _temp.Open().EnsureReadyAsync());
        Assert.Contains("newer than this build", error.Message);
    }

    [Fact]
    public async Task Foreign_keys_are_enforced()
    {
        await using var connection = await _temp.Database.OpenAsync();
        await using var command = connection.Command(
            "INSERT INTO servers (id, account_id, hostname, first_seen, last_seen) VALUES ('x', 'no-such-account', 'h', 0, 0);");

        var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
        Assert.True(_temp.Database.IsForeignKeyViolation(error));
    }

    public void Dispose() => _temp.Dispose();

    private protected static async Task<T> ScalarAsync<T>(DbConnection connection, string sql)
    {
        await using var command = connection.Command(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    public sealed class OnSqlite() : ScoutDatabaseSpecs(DatabaseProvider.Sqlite)
    {
        [Fact]
        public async Task Creates_the_folder_and_uses_wal_and_foreign_keys()
        {
            await using var connection = await _temp.Database.OpenAsync();

            Assert.True(File.Exists(_temp.FilePath));
            Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
            Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA foreign_keys;"));
        }
    }

    public sealed class OnPostgreSql() : ScoutDatabaseSpecs(DatabaseProvider.PostgreSql)
    {
        [Fact]
        public async Task After_the_server_ended_every_session_no_call_fails()
        {
            await _temp.SignupAsync("Acme", "ann@example.com");
            // Several pooled connections, idle when the server ends their sessions (a restart, a failover).
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => _temp.Accounts.IsEmptyAsync())));
            _temp.Postgres.GoAway();
            _temp.Postgres.ComeBack();

            var failures = 0;
            for (var i = 0; i < 10; i++)
            {
                try { Assert.False(await _temp.Accounts.IsEmptyAsync()); }
                catch (DbException) { failures++; }
            }
            // The first call meets a pooled connection whose session is gone and runs again on a fresh one
            // (ScoutDatabase.RunAsync); Npgsql drops the pool's other stale connections meanwhile.
            Assert.Equal(0, failures);
        }

        [Fact]
        public async Task A_migration_that_fails_leaves_no_half_schema_and_the_lock_is_free_again()
        {
            await _temp.Database.EnsureReadyAsync();
            await using (var connection = await _temp.Database.OpenAsync())
            await using (var drop = connection.Command("DROP TABLE report_cores; DROP TABLE reports; DELETE FROM schema_version WHERE version >= 2;"))
                await drop.ExecuteNonQueryAsync();
            // Migration 2 makes reports again, then 3 fails (its table is still there): the whole transaction rolls back.
            await Assert.ThrowsAnyAsync<DbException>(() => _temp.Open().EnsureReadyAsync());

            await using var check = await _temp.Database.OpenAsync();
            Assert.Equal(1L, await ScalarAsync<long>(check, "SELECT MAX(version) FROM schema_version;"));
            Assert.Equal(0L, await ScalarAsync<long>(check,
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'reports';"));
            Assert.Equal(0L, await ScalarAsync<long>(check,
                // pg_locks shows the whole server: other specs migrate their own databases with the same key meanwhile.
                $"""
                SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {PostgresDialect.MigrationLockKey & 0xFFFFFFFF}
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
                """));
        }
    }
}

/// <summary>One list of migrations, two engines: both must end with the same tables, columns, kinds and nullability.</summary>
public sealed class SchemaParitySpecs
{
    [Fact]
    public async Task Sqlite_and_postgresql_end_with_the_same_tables_and_columns()
    {
        using var sqlite = new TempDatabase(DatabaseProvider.Sqlite);
        using var postgres = new TempDatabase(DatabaseProvider.PostgreSql);

        var onSqlite = await SchemaReader.ColumnsAsync(sqlite.Database);
        var onPostgres = await SchemaReader.ColumnsAsync(postgres.Database);

        Assert.DoesNotContain(onSqlite, c => c.Kind.StartsWith("other"));
        Assert.Equal(onSqlite, onPostgres);
    }
}

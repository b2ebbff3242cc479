using Microsoft.Data.Sqlite;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

public sealed class ScoutDatabaseSpecs : IDisposable
{
    private readonly TempDatabase _temp = new();

    [Fact]
    public async Task Creates_the_folder_and_every_table_on_first_open()
    {
        await using var connection = await _temp.Database.OpenAsync();
        var tables = await ReadStringsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;");

        Assert.True(File.Exists(_temp.FilePath));
        Assert.Equal(["accounts", "agent_keys", "ended_logins", "memberships", "reports", "schema_version", "servers", "users"], tables);
    }

    [Fact]
    public async Task Records_the_latest_schema_version_and_uses_wal()
    {
        await using var connection = await _temp.Database.OpenAsync();

        Assert.Equal(Migrations.Latest, await ScalarAsync<long>(connection, "SELECT MAX(version) FROM schema_version;"));
        Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA foreign_keys;"));
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
    public async Task Refuses_a_database_from_a_newer_build()
    {
        await using (var connection = await _temp.Database.OpenAsync())
        await using (var command = connection.Command(
            "INSERT INTO schema_version (version, description, applied) VALUES ($v, 'future', 0);", null,
            ("$v", Migrations.Latest + 1)))
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

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        Assert.True(error.IsForeignKeyViolation());
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.Command(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> ReadStringsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.Command(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}

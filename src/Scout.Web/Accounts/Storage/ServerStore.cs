using System.Data.Common;

namespace Scout.Web.Accounts.Storage;

/// <summary>The monitored servers of each account, known by (account, hostname).</summary>
public sealed class ServerStore(ScoutDatabase database, TimeProvider clock)
{
    /// <summary>Longest DNS name.</summary>
    public const int MaxHostnameLength = 253;

    /// <summary>
    /// The server called <paramref name="hostname"/> in the account, created on first sight; its
    /// last_seen is set to now either way. Throws <see cref="ArgumentException"/> for a bad hostname
    /// or an unknown account.
    /// </summary>
    public async Task<ServerRecord> FindOrCreateAsync(string accountId, string hostname, CancellationToken ct = default)
    {
        var name = CheckHostname(hostname);
        var now = UnixTime.ToMs(clock.GetUtcNow());
        return await database.RunAsync<ServerRecord>(async connection =>
        {
            await using var command = connection.Command("""
                INSERT INTO servers (id, account_id, hostname, first_seen, last_seen) VALUES (@id, @account, @host, @now, @now)
                ON CONFLICT (account_id, hostname) DO UPDATE SET last_seen = excluded.last_seen
                RETURNING id, account_id, hostname, first_seen, last_seen;
                """, null, ("@id", ScoutIds.New()), ("@account", accountId), ("@host", name), ("@now", now));
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                return Read(reader);
            }
            catch (DbException e) when (database.IsForeignKeyViolation(e))
            {
                throw new ArgumentException($"unknown account '{accountId}'", nameof(accountId), e);
            }
        }, ct);
    }

    /// <summary>The account's server of that hostname, or null (nothing is created).</summary>
    public async Task<ServerRecord?> FindAsync(string accountId, string hostname, CancellationToken ct = default)
    {
        return await database.RunAsync<ServerRecord?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, account_id, hostname, first_seen, last_seen FROM servers WHERE account_id = @account AND hostname = @host;",
                null, ("@account", accountId), ("@host", hostname.Trim()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, ct);
    }

    /// <summary>How many servers the account has.</summary>
    public async Task<long> CountAsync(string accountId, CancellationToken ct = default)
    {
        return await database.RunAsync<long>(async connection =>
        {
            await using var command = connection.Command("SELECT COUNT(*) FROM servers WHERE account_id = @account;", null, ("@account", accountId));
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        }, ct);
    }

    public async Task<ServerRecord?> GetAsync(string serverId, CancellationToken ct = default)
    {
        return await database.RunAsync<ServerRecord?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, account_id, hostname, first_seen, last_seen FROM servers WHERE id = @id;", null, ("@id", serverId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, ct);
    }

    /// <summary>Sets last_seen to now. False when no such server exists.</summary>
    public async Task<bool> TouchAsync(string serverId, CancellationToken ct = default)
    {
        return await database.RunAsync<bool>(async connection =>
        {
            await using var command = connection.Command(
                "UPDATE servers SET last_seen = @now WHERE id = @id;", null,
                ("@now", UnixTime.ToMs(clock.GetUtcNow())), ("@id", serverId));
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    /// <summary>Servers of every account the user belongs to, ordered by account name, then hostname.</summary>
    public async Task<IReadOnlyList<ServerListing>> ListForUserAsync(string userId, CancellationToken ct = default)
    {
        return await database.RunAsync<IReadOnlyList<ServerListing>>(async connection =>
        {
            await using var command = connection.Command("""
                SELECT s.id, s.account_id, s.hostname, s.first_seen, s.last_seen, a.name
                FROM servers s
                JOIN memberships m ON m.account_id = s.account_id AND m.user_id = @user
                JOIN accounts a ON a.id = s.account_id
                ORDER BY a.name, s.hostname;
                """, null, ("@user", userId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var servers = new List<ServerListing>();
            while (await reader.ReadAsync(ct))
            {
                servers.Add(new ServerListing(Read(reader), reader.GetString(5)));
            }
            return servers;
        }, ct);
    }

    private static string CheckHostname(string hostname)
    {
        var name = hostname?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxHostnameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"hostname must be 1-{MaxHostnameLength} printable characters", nameof(hostname));
        }
        return name;
    }

    private static ServerRecord Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        UnixTime.FromMs(reader.GetInt64(3)), UnixTime.FromMs(reader.GetInt64(4)));
}

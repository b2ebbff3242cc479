using System.Data.Common;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Keys;

/// <summary>Agent keys: created, verified and revoked. The database never sees a secret, only its hash.</summary>
public sealed class AgentKeyStore(ScoutDatabase database, TimeProvider clock)
{
    /// <summary>
    /// How stale <c>last_used</c> may get: a key is verified on every agent connection (and every long-polling
    /// request), so it is written at most once a minute per key, not on each of them.
    /// </summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IssuedAgentKey> CreateAsync(string accountId, string label, CancellationToken ct = default)
    {
        return await database.RunAsync<IssuedAgentKey>(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var key = await InsertAsync(connection, transaction, accountId, label, ct);
            await transaction.CommitAsync(ct);
            return key;
        }, ct);
    }

    /// <summary>
    /// Creates a key with <paramref name="label"/> and revokes every older live key of the account
    /// with the same label, in one transaction (used for the embedded agent's per-start key).
    /// </summary>
    public async Task<IssuedAgentKey> ReplaceLabelledAsync(string accountId, string label, CancellationToken ct = default)
    {
        return await database.RunAsync<IssuedAgentKey>(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var revoke = connection.Command(
                "UPDATE agent_keys SET revoked = @now WHERE account_id = @account AND label = @label AND revoked IS NULL;",
                transaction, ("@now", UnixTime.ToMs(clock.GetUtcNow())), ("@account", accountId), ("@label", label)))
            {
                await revoke.ExecuteNonQueryAsync(ct);
            }
            var key = await InsertAsync(connection, transaction, accountId, label, ct);
            await transaction.CommitAsync(ct);
            return key;
        }, ct);
    }

    /// <summary>The identity behind a presented key; null when it is malformed, unknown, wrong or revoked.</summary>
    public async Task<AgentIdentity?> VerifyAsync(string? presentedKey, CancellationToken ct = default)
    {
        if (!AgentKeyFormat.TryParse(presentedKey, out var keyId, out var secret))
        {
            return null;
        }
        return await database.RunAsync<AgentIdentity?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT account_id, hash FROM agent_keys WHERE id = @id AND revoked IS NULL;", null, ("@id", keyId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            var accountId = reader.GetString(0);
            var hash = (byte[])reader.GetValue(1);
            if (!AgentKeyFormat.Matches(secret, hash))
            {
                return null;
            }
            await reader.DisposeAsync();
            await MarkUsedAsync(connection, keyId, ct);
            return new AgentIdentity(keyId, accountId);
        }, ct);
    }

    private async Task MarkUsedAsync(DbConnection connection, string keyId, CancellationToken ct)
    {
        var now = UnixTime.ToMs(clock.GetUtcNow());
        await using var command = connection.Command(
            "UPDATE agent_keys SET last_used = @now WHERE id = @id AND (last_used IS NULL OR last_used <= @stale);", null,
            ("@now", now), ("@id", keyId), ("@stale", now - (long)LastUsedResolution.TotalMilliseconds));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Revokes a key of the account. False when the account has no such live key.</summary>
    public async Task<bool> RevokeAsync(string accountId, string keyId, CancellationToken ct = default)
    {
        return await database.RunAsync<bool>(async connection =>
        {
            await using var command = connection.Command(
                "UPDATE agent_keys SET revoked = @now WHERE id = @id AND account_id = @account AND revoked IS NULL;", null,
                ("@now", UnixTime.ToMs(clock.GetUtcNow())), ("@id", keyId), ("@account", accountId));
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    /// <summary>Which of these key ids are revoked (by any node sharing the database).</summary>
    public Task<IReadOnlyList<string>> RevokedAmongAsync(IReadOnlyList<string> keyIds, CancellationToken ct = default) =>
        IdBatches.SelectAsync(database, "SELECT id FROM agent_keys WHERE revoked IS NOT NULL AND id IN ({ids});", keyIds, ct);

    public async Task<IReadOnlyList<AgentKeyInfo>> ListAsync(string accountId, CancellationToken ct = default)
    {
        return await database.RunAsync<IReadOnlyList<AgentKeyInfo>>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, label, created, revoked, last_used FROM agent_keys WHERE account_id = @account ORDER BY created;", null,
                ("@account", accountId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var keys = new List<AgentKeyInfo>();
            while (await reader.ReadAsync(ct))
            {
                keys.Add(new AgentKeyInfo(reader.GetString(0), accountId, reader.GetString(1),
                    UnixTime.FromMs(reader.GetInt64(2)), reader.IsDBNull(3) ? null : UnixTime.FromMs(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : UnixTime.FromMs(reader.GetInt64(4))));
            }
            return keys;
        }, ct);
    }

    private async Task<IssuedAgentKey> InsertAsync(
        DbConnection connection, DbTransaction transaction, string accountId, string label, CancellationToken ct)
    {
        var keyId = ScoutIds.New();
        var secret = AgentKeyFormat.NewSecret();
        await using var command = connection.Command(
            "INSERT INTO agent_keys (id, account_id, hash, label, created) VALUES (@id, @account, @hash, @label, @created);",
            transaction, ("@id", keyId), ("@account", accountId), ("@hash", AgentKeyFormat.HashSecret(secret)),
            ("@label", label), ("@created", UnixTime.ToMs(clock.GetUtcNow())));
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (database.IsForeignKeyViolation(e))
        {
            throw new ArgumentException($"unknown account '{accountId}'", nameof(accountId), e);
        }
        return new IssuedAgentKey(keyId, accountId, AgentKeyFormat.Compose(keyId, secret));
    }
}

using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// Makes the cluster's first cookie-protection key while holding a PostgreSQL advisory lock, before Data
/// Protection loads its key ring. Without it, nodes starting together on an empty database would each make
/// a key and protect cookies with it at once, and a node that loaded its ring before the other's key existed
/// would refuse the other's cookies until it reloads the ring (Data Protection looks again for an unknown key
/// only in its first minutes, and otherwise reloads about once a day). Later keys are made by Data Protection
/// itself days before they are used, so every node has read them by then. Nothing to do with SQLite.
/// </summary>
public sealed class SharedKeyRing(ScoutDatabase database, IKeyManager keys, IOptions<KeyManagementOptions> options, TimeProvider clock)
{
    public async Task EnsureKeyAsync(CancellationToken ct = default)
    {
        if (database.Dialect.Provider != DatabaseProvider.PostgreSql)
            return;
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PostgresDialect.LockAsync(connection, transaction, PostgresDialect.KeyRingLockKey);
        // The key manager reads and stores through DatabaseXmlRepository on connections of its own; a key it
        // stores is committed before this transaction ends and lets the next node in.
        var now = clock.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
        await transaction.CommitAsync(ct);
    }
}

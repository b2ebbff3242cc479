using System.Data.Common;
using Scout.Actors.OpsApi;
using Scout.Web.Accounts.Api;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.OpsApi;

/// <summary>The ops console's view of the node's stores. Writes go through the existing stores;
/// the few operator-only reads (all accounts, a key's account, a server by hostname) are queried here.</summary>
public sealed class StoreOpsDirectory(ScoutDatabase database, AccountStore accounts, AgentKeyStore keys, TimeProvider clock)
    : IOpsDirectory
{
    /// <summary>Label of keys made with scout-ops, so the API's key list shows where they came from.</summary>
    public const string KeyLabel = "scout-ops";

    public async Task<IReadOnlyList<OpsProtocol.AccountRow>> ListAccountsAsync()
    {
        return await database.RunAsync<IReadOnlyList<OpsProtocol.AccountRow>>(async connection =>
        {
            await using var command = connection.Command("SELECT id, name, created FROM accounts ORDER BY name;");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<OpsProtocol.AccountRow>();
            while (await reader.ReadAsync())
                rows.Add(new OpsProtocol.AccountRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            return rows;
        });
    }

    public async Task<OpsProtocol.AccountRow?> FindAccountAsync(string name)
    {
        var account = await accounts.FindAccountByNameAsync(name);
        return account is null ? null : new OpsProtocol.AccountRow(account.Id, account.Name, UnixTime.ToMs(account.Created));
    }

    public async Task<OpsProtocol.AccountRow?> CreateAccountAsync(string name)
    {
        var row = new OpsProtocol.AccountRow(ScoutIds.New(), name.Trim(), UnixTime.ToMs(clock.GetUtcNow()));
        return await database.RunAsync<OpsProtocol.AccountRow?>(async connection =>
        {
            await using var insert = connection.Command(
                "INSERT INTO accounts (id, name, created) VALUES (@id, @name, @created);", null,
                ("@id", row.Id), ("@name", row.Name), ("@created", row.Created));
            try
            {
                await insert.ExecuteNonQueryAsync();
                return row;
            }
            catch (DbException e) when (database.IsUniqueViolation(e))
            {
                return null;
            }
        });
    }

    public async Task<OpsUserAdded> AddUserAsync(string accountId, string email, string password)
    {
        var normalized = AccountStore.NormalizeEmail(email);
        if (!SignupValidation.IsEmail(email))
            return new OpsUserAdded(OpsUserOutcome.Invalid, normalized, $"not an email address: {email}");
        var existing = await accounts.FindUserIdByEmailAsync(normalized);
        if (existing is null)
        {
            if (password.Length is < SignupValidation.MinPasswordLength or > SignupValidation.MaxPasswordLength)
                return new OpsUserAdded(OpsUserOutcome.Invalid, normalized,
                    $"a password is {SignupValidation.MinPasswordLength} to {SignupValidation.MaxPasswordLength} characters");
            if (await accounts.CreateUserAsync(email, password) is { } created)
            {
                await accounts.AddMembershipAsync(accountId, created.Id, AccountRole.Member);
                return new OpsUserAdded(OpsUserOutcome.Created, normalized);
            }
            existing = await accounts.FindUserIdByEmailAsync(normalized); // signed up between the look-up and the insert
        }
        // AddMembershipAsync would also change a role the user already has (an owner made a member): refuse instead.
        if (await accounts.GetRoleAsync(accountId, existing!) is not null)
            return new OpsUserAdded(OpsUserOutcome.AlreadyMember, normalized);
        await accounts.AddMembershipAsync(accountId, existing!, AccountRole.Member);
        return new OpsUserAdded(OpsUserOutcome.AddedExisting, normalized);
    }

    public async Task<(string KeyId, string Key)> CreateKeyAsync(string accountId)
    {
        var issued = await keys.CreateAsync(accountId, KeyLabel);
        return (issued.KeyId, issued.Key);
    }

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        var accountId = await database.RunAsync(async connection =>
        {
            await using var command = connection.Command("SELECT account_id FROM agent_keys WHERE id = @id;", null, ("@id", keyId));
            return await command.ExecuteScalarAsync() as string;
        });
        return accountId is not null && await keys.RevokeAsync(accountId, keyId);
    }

    public async Task<IReadOnlyList<OpsServer>> FindServersAsync(string idOrHostname, string? accountId = null)
    {
        return await database.RunAsync<IReadOnlyList<OpsServer>>(async connection =>
        {
            await using var command = connection.Command(
                """
                SELECT s.id, s.account_id, a.name, s.hostname FROM servers s JOIN accounts a ON a.id = s.account_id
                WHERE (s.id = @v OR s.hostname = @v) AND (@account IS NULL OR s.account_id = @account)
                ORDER BY s.id = @v DESC, a.name;
                """,
                null, ("@v", idOrHostname));
            // Typed: PostgreSQL cannot tell the type of a parameter that is only ever NULL-tested when it is null.
            command.Add("@account", System.Data.DbType.String).Value = (object?)accountId ?? DBNull.Value;
            await using var reader = await command.ExecuteReaderAsync();
            var found = new List<OpsServer>();
            while (await reader.ReadAsync())
                found.Add(new OpsServer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            // An id names one server, even if it happened to be some other server's hostname too.
            return found.Count > 0 && found[0].ServerId == idOrHostname ? [found[0]] : found;
        });
    }
}

using System.Data.Common;
using Scout.Web.Accounts.Passwords;

namespace Scout.Web.Accounts.Storage;

/// <summary>Accounts, users and memberships. Emails are compared without case and stored trimmed, lower-case.</summary>
public sealed class AccountStore(ScoutDatabase database, PasswordHashing passwords, TimeProvider clock)
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>True when the database holds no account and no user (a fresh install).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct = default)
    {
        return await database.RunAsync<bool>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT NOT EXISTS (SELECT 1 FROM accounts) AND NOT EXISTS (SELECT 1 FROM users);");
            return Convert.ToBoolean(await command.ExecuteScalarAsync(ct));
        }, ct);
    }

    /// <summary>Creates an account and a new user who owns it, in one transaction.</summary>
    public async Task<SignupResult> CreateAccountWithOwnerAsync(
        string accountName, string email, string password, CancellationToken ct = default)
    {
        var hash = passwords.Hash(password);
        var now = clock.GetUtcNow();
        var user = new UserRecord(ScoutIds.New(), NormalizeEmail(email), now);
        var account = new AccountRecord(ScoutIds.New(), accountName.Trim(), now);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCreateAccountWithOwnerAsync(user, account, hash, ct);
            }
            // SQLite's write transaction keeps anyone from inserting between the checks and the inserts;
            // PostgreSQL's (read committed) does not. Whoever lost that race finds the winner's row on the
            // next attempt and answers "taken".
            catch (DbException e) when (database.IsUniqueViolation(e) && attempt < 3)
            {
            }
        }
    }

    private async Task<SignupResult> TryCreateAccountWithOwnerAsync(
        UserRecord user, AccountRecord account, string hash, CancellationToken ct)
    {
        return await database.RunAsync<SignupResult>(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM users WHERE email = @v;", user.Email, ct))
            {
                return new SignupResult(SignupOutcome.EmailTaken);
            }
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE name = @v;", account.Name, ct))
            {
                return new SignupResult(SignupOutcome.AccountNameTaken);
            }
            await InsertUserAsync(connection, transaction, user, hash, ct);
            await using (var insert = connection.Command(
                "INSERT INTO accounts (id, name, created) VALUES (@id, @name, @created);", transaction,
                ("@id", account.Id), ("@name", account.Name), ("@created", UnixTime.ToMs(account.Created))))
            {
                await insert.ExecuteNonQueryAsync(ct);
            }
            await InsertMembershipAsync(connection, transaction, account.Id, user.Id, AccountRole.Owner, ct);
            await transaction.CommitAsync(ct);
            return new SignupResult(SignupOutcome.Created, user, account);
        }, ct);
    }

    /// <summary>Creates a user without an account (to be added to one). Null when the email is taken.</summary>
    public async Task<UserRecord?> CreateUserAsync(string email, string password, CancellationToken ct = default)
    {
        var user = new UserRecord(ScoutIds.New(), NormalizeEmail(email), clock.GetUtcNow());
        var hash = passwords.Hash(password);
        return await database.RunAsync<UserRecord?>(async connection =>
        {
            try
            {
                await InsertUserAsync(connection, null, user, hash, ct);
                return user;
            }
            catch (DbException e) when (database.IsUniqueViolation(e))
            {
                return null;
            }
        }, ct);
    }

    /// <summary>Adds a user to an account or changes the role they have there.</summary>
    public async Task AddMembershipAsync(string accountId, string userId, AccountRole role, CancellationToken ct = default)
    {
        await database.RunAsync(async connection =>
        {
            try
            {
                await InsertMembershipAsync(connection, null, accountId, userId, role, ct);
            }
            catch (DbException e) when (database.IsForeignKeyViolation(e))
            {
                throw new ArgumentException($"unknown account '{accountId}' or user '{userId}'", e);
            }
        }, ct);
    }

    /// <summary>
    /// The user when email and password match, otherwise null. Unknown emails still cost one hash
    /// verification so both failures take the same time.
    /// </summary>
    public async Task<UserRecord?> VerifyCredentialsAsync(string email, string password, CancellationToken ct = default)
    {
        var (id, storedEmail, hash, created) = await database.RunAsync(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, email, password_hash, created FROM users WHERE email = @email;", null,
                ("@email", NormalizeEmail(email)));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3))
                : ((string?)null, (string?)null, (string?)null, 0L);
        }, ct);
        if (id is null || storedEmail is null || hash is null)
        {
            passwords.VerifyAgainstDecoy(password);
            return null;
        }
        var check = passwords.Verify(hash, password);
        if (check == PasswordCheck.Failed)
        {
            return null;
        }
        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            await UpdatePasswordHashAsync(id, passwords.Hash(password), ct);
        }
        return new UserRecord(id, storedEmail, UnixTime.FromMs(created));
    }

    public async Task<UserRecord?> GetUserAsync(string userId, CancellationToken ct = default)
    {
        return await database.RunAsync<UserRecord?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, email, created FROM users WHERE id = @id;", null, ("@id", userId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new UserRecord(reader.GetString(0), reader.GetString(1), UnixTime.FromMs(reader.GetInt64(2)))
                : null;
        }, ct);
    }

    /// <summary>The id of the user who signs in with this email (any case); null when nobody does.</summary>
    public async Task<string?> FindUserIdByEmailAsync(string email, CancellationToken ct = default)
    {
        return await database.RunAsync<string?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id FROM users WHERE email = @email;", null, ("@email", NormalizeEmail(email)));
            return await command.ExecuteScalarAsync(ct) as string;
        }, ct);
    }

    public async Task<AccountRecord?> FindAccountByNameAsync(string name, CancellationToken ct = default)
    {
        return await database.RunAsync<AccountRecord?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT id, name, created FROM accounts WHERE name = @name;", null, ("@name", name.Trim()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new AccountRecord(reader.GetString(0), reader.GetString(1), UnixTime.FromMs(reader.GetInt64(2)))
                : null;
        }, ct);
    }

    /// <summary>The accounts a user belongs to, with the user's role in each, ordered by account name.</summary>
    public async Task<IReadOnlyList<Membership>> GetMembershipsAsync(string userId, CancellationToken ct = default)
    {
        return await database.RunAsync<IReadOnlyList<Membership>>(async connection =>
        {
            await using var command = connection.Command("""
                SELECT a.id, a.name, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
                WHERE m.user_id = @user ORDER BY a.name;
                """, null, ("@user", userId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var memberships = new List<Membership>();
            while (await reader.ReadAsync(ct))
            {
                memberships.Add(new Membership(reader.GetString(0), reader.GetString(1), AccountRoles.Parse(reader.GetString(2))));
            }
            return memberships;
        }, ct);
    }

    /// <summary>The user's role in the account, or null when they are not a member.</summary>
    public async Task<AccountRole?> GetRoleAsync(string accountId, string userId, CancellationToken ct = default)
    {
        return await database.RunAsync<AccountRole?>(async connection =>
        {
            await using var command = connection.Command(
                "SELECT role FROM memberships WHERE account_id = @account AND user_id = @user;", null,
                ("@account", accountId), ("@user", userId));
            return await command.ExecuteScalarAsync(ct) is string role ? AccountRoles.Parse(role) : null;
        }, ct);
    }

    public async Task<bool> IsMemberAsync(string accountId, string userId, CancellationToken ct = default) =>
        await GetRoleAsync(accountId, userId, ct) is not null;

    private async Task UpdatePasswordHashAsync(string userId, string hash, CancellationToken ct)
    {
        await database.RunAsync(async connection =>
        {
            await using var command = connection.Command(
                "UPDATE users SET password_hash = @hash WHERE id = @id;", null, ("@hash", hash), ("@id", userId));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    private static async Task<bool> ExistsAsync(
        DbConnection connection, DbTransaction transaction, string sql, string value, CancellationToken ct)
    {
        await using var command = connection.Command(sql, transaction, ("@v", value));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task InsertUserAsync(
        DbConnection connection, DbTransaction? transaction, UserRecord user, string hash, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO users (id, email, password_hash, created) VALUES (@id, @email, @hash, @created);", transaction,
            ("@id", user.Id), ("@email", user.Email), ("@hash", hash), ("@created", UnixTime.ToMs(user.Created)));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertMembershipAsync(
        DbConnection connection, DbTransaction? transaction, string accountId, string userId,
        AccountRole role, CancellationToken ct)
    {
        await using var command = connection.Command("""
            INSERT INTO memberships (account_id, user_id, role) VALUES (@account, @user, @role)
            ON CONFLICT (account_id, user_id) DO UPDATE SET role = excluded.role;
            """, transaction, ("@account", accountId), ("@user", userId), ("@role", role.ToText()));
        await command.ExecuteNonQueryAsync(ct);
    }
}

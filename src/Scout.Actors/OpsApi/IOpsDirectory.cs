namespace Scout.Actors.OpsApi;

/// <summary>A server as the ops service needs it: which account's session holds its stream, and the account's
/// name to tell an operator which of several servers of one hostname is which.</summary>
public sealed record OpsServer(string ServerId, string AccountId, string AccountName, string Hostname);

/// <summary>What <see cref="IOpsDirectory.AddUserAsync"/> did.</summary>
public enum OpsUserOutcome
{
    /// <summary>A new user, a member of the account, signing in with the password given.</summary>
    Created,

    /// <summary>A user that already existed (a user may belong to several accounts), now a member of one more;
    /// their password is unchanged.</summary>
    AddedExisting,

    AlreadyMember,

    /// <summary>Not an email, or a new user's password of the wrong length: <see cref="OpsUserAdded.Reason"/> says which.</summary>
    Invalid,
}

/// <param name="Email">Normalized, as the user signs in with it.</param>
public sealed record OpsUserAdded(OpsUserOutcome Outcome, string Email, string? Reason = null);

/// <summary>
/// The node's stores as the ops service sees them; implemented in Scout.Web over the SQLite stores so
/// this library stays free of ASP.NET and storage.
/// </summary>
public interface IOpsDirectory
{
    Task<IReadOnlyList<OpsProtocol.AccountRow>> ListAccountsAsync();

    Task<OpsProtocol.AccountRow?> FindAccountAsync(string name);

    /// <summary>Null when the name is taken.</summary>
    Task<OpsProtocol.AccountRow?> CreateAccountAsync(string name);

    /// <summary>Makes the user with this email a member of the account: a new user with <paramref name="password"/>,
    /// or an existing one (a user may belong to several accounts) whose password stays theirs.</summary>
    Task<OpsUserAdded> AddUserAsync(string accountId, string email, string password);

    Task<(string KeyId, string Key)> CreateKeyAsync(string accountId);

    /// <summary>False when no active key has this id.</summary>
    Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>The servers a console argument may mean: the one with that id if there is one, otherwise every server
    /// with that hostname, ordered by account name. Hostnames are unique within an account, not across accounts, so
    /// without <paramref name="accountId"/> a hostname can name several. Empty when none.</summary>
    Task<IReadOnlyList<OpsServer>> FindServersAsync(string idOrHostname, string? accountId = null);
}

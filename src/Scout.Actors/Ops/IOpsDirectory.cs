namespace Scout.Actors.Ops;

/// <summary>A server as the ops service needs it: which account's session holds its stream.</summary>
public sealed record OpsServer(string ServerId, string AccountId, string Hostname);

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

    /// <summary>Null when added; otherwise why not (email taken, not an email).</summary>
    Task<string?> AddUserAsync(string accountId, string email, string password);

    Task<(string KeyId, string Key)> CreateKeyAsync(string accountId);

    /// <summary>False when no active key has this id.</summary>
    Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>By server id or hostname; null when unknown.</summary>
    Task<OpsServer?> FindServerAsync(string idOrHostname);
}

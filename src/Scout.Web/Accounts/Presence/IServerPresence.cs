using Scout.Actors.AccountSessions;

namespace Scout.Web.Accounts.Presence;

/// <summary>
/// Which servers of an account have an agent connected right now. The cluster side implements it
/// (AccountSession knows its online agents); the accounts API only reads it.
/// </summary>
public interface IServerPresence
{
    /// <summary>Ids of the account's servers that are online.</summary>
    Task<IReadOnlySet<string>> OnlineServersAsync(string accountId, CancellationToken ct);
}

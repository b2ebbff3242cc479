namespace Scout.Web.BrowserHub;

/// <summary>A server as the hubs need it: whose it is.</summary>
public sealed record ServerRef(string ServerId, string AccountId, string Hostname);

/// <summary>What the hubs ask the database: which account a server belongs to, who may watch it, and the
/// server record an agent's connection stands for.</summary>
public interface IServerDirectory
{
    Task<ServerRef?> FindServerAsync(string serverId, CancellationToken ct);

    Task<bool> IsMemberAsync(string userId, string accountId, CancellationToken ct);

    /// <summary>Finds or creates the server of this account with this hostname and marks it seen now.</summary>
    Task<ServerRef> RegisterAgentAsync(string accountId, string hostname, CancellationToken ct);

    Task TouchAsync(string serverId, CancellationToken ct);
}

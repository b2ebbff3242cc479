namespace Scout.Web.BrowserHub;

/// <summary>A server as the hubs need it: whose it is.</summary>
public sealed record ServerRef(string ServerId, string AccountId, string Hostname);

/// <summary>What the hubs ask the database: which account a server belongs to, who may watch it, and when an
/// agent's server was last seen (the agent hub finds its server through <c>AgentAdmission</c>).</summary>
public interface IServerDirectory
{
    Task<ServerRef?> FindServerAsync(string serverId, CancellationToken ct);

    Task<bool> IsMemberAsync(string userId, string accountId, CancellationToken ct);

    Task TouchAsync(string serverId, CancellationToken ct);
}

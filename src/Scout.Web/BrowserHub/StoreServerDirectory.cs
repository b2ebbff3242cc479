using Scout.Web.Accounts.Storage;

namespace Scout.Web.BrowserHub;

/// <summary>The hubs' questions answered from the account and server stores.</summary>
public sealed class StoreServerDirectory(ServerStore servers, AccountStore accounts) : IServerDirectory
{
    public async Task<ServerRef?> FindServerAsync(string serverId, CancellationToken ct) =>
        await servers.GetAsync(serverId, ct) is { } s ? new ServerRef(s.Id, s.AccountId, s.Hostname) : null;

    public Task<bool> IsMemberAsync(string userId, string accountId, CancellationToken ct) =>
        accounts.IsMemberAsync(accountId, userId, ct);

    public Task TouchAsync(string serverId, CancellationToken ct) => servers.TouchAsync(serverId, ct);
}

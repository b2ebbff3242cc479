using Akka.Actor;
using Akka.Hosting;
using Scout.Actors.AccountSessions;
using Scout.Web.Accounts.Presence;

namespace Scout.Web.Cluster;

/// <summary>Which servers are online, asked of the account's session wherever sharding put it.</summary>
public sealed class ClusterServerPresence(IRequiredActor<AccountSessionRegion> sessions) : IServerPresence
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlySet<string>> OnlineServersAsync(string accountId, CancellationToken ct)
    {
        var region = await sessions.GetAsync(ct);
        var online = await region.Ask<SessionProtocol.OnlineServers>(new SessionProtocol.GetOnlineServers(accountId), Timeout, ct);
        return online.ServerIds.ToHashSet();
    }
}

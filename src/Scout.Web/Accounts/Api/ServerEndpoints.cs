using System.Security.Claims;
using Scout.Web.Accounts.Presence;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;
using Scout.Web.History;

namespace Scout.Web.Accounts.Api;

/// <summary>GET /api/servers: the servers of every account the caller belongs to; online by <see cref="ServerLiveness"/>.</summary>
internal static class ServerEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/servers", ListAsync).RequireAuthorization(ScoutPolicies.Browser);

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, ServerStore servers, IServerPresence presence, ReportStore reports, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var listings = await servers.ListForUserAsync(user.RequireUserId(), ct);
        var online = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var accountId in listings.Select(l => l.Server.AccountId).Distinct())
        {
            try
            {
                online[accountId] = await presence.OnlineServersAsync(accountId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The list is still useful without presence: show the account's servers as offline.
                loggers.CreateLogger(typeof(ServerEndpoints)).LogWarning(e, "Presence of account {AccountId} unavailable; listing its servers as offline", accountId);
                online[accountId] = new HashSet<string>();
            }
        }
        var lastReports = await reports.LastReportsAsync(listings.Select(l => l.Server.Id), ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return Results.Ok(listings.Select(l =>
        {
            var connected = online[l.Server.AccountId].Contains(l.Server.Id);
            (long, long)? last = lastReports.TryGetValue(l.Server.Id, out var report) ? report : null;
            return new ServerView(
                l.Server.Id, l.Server.Hostname, l.Server.AccountId, l.AccountName,
                ServerLiveness.IsOnline(connected, last, now),
                DateTimeOffset.FromUnixTimeMilliseconds(ServerLiveness.LastSeen(connected, l.Server.LastSeen.ToUnixTimeMilliseconds(), last, now)),
                l.Server.FirstSeen,
                ServerLiveness.NextReportInMs(connected, l.Server.LastSeen.ToUnixTimeMilliseconds(), last, now),
                last is not null);
        }));
    }
}

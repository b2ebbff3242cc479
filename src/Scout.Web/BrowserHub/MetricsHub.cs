using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AccountSessions;
using Scout.Actors.Bridge;
using Scout.Web.Auth;
using Scout.Web.Observability;

namespace Scout.Web.BrowserHub;

/// <summary>What <see cref="MetricsHub.StartRealtime"/> answers: the interval and whether the agent is online. The
/// chart's history follows as <c>backfill</c> calls from the agent's buffer.</summary>
public sealed record RealtimeStarted(string ServerId, int IntervalMs, bool Online);

/// <summary>
/// The browsers' hub. Thin on purpose: it checks who may watch what (on the server, against the
/// database) and hands the rest to the node's bridge actor, which keeps each server's group of watching
/// connections. A client never names a group itself.
/// </summary>
[Authorize(Policy = ScoutPolicies.Browser)]
public sealed class MetricsHub(
    IRequiredActor<SignalRBridge> bridge, IServerDirectory servers, LoginConnections logins, HubCallLimits limits,
    ILogger<MetricsHub> log) : Hub
{
    public const string Path = "/hubs/metrics";
    public const string NotAllowed = "not found or not allowed";
    public const string TooMany = "too many realtime requests; slow down";

    /// <summary>The account's session did not answer in time: a node died and its sessions are starting elsewhere.
    /// The page asks again.</summary>
    public const string NotAnswered = "the server's session did not answer in time; try again";

    /// <summary>Methods the server calls on browsers.</summary>
    public static class ClientMethods
    {
        public const string Sample = "sample";
        public const string Backfill = "backfill";
        public const string ServerOffline = "serverOffline";
        public const string ServerOnline = "serverOnline";
        public const string SessionEnded = "sessionEnded";
        public const string ServerStalled = "serverStalled";
        public const string ServerResumed = "serverResumed";
    }

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task<RealtimeStarted> StartRealtime(string serverId)
    {
        Throttle();
        var server = await Authorise(serverId);
        SessionProtocol.WatchAccepted accepted;
        var succeeded = false;
        try
        {
            accepted = await bridge.ActorRef.Ask<SessionProtocol.WatchAccepted>(
                new BridgeProtocol.StartWatching(Context.ConnectionId, server.AccountId, server.ServerId), AskTimeout);
            succeeded = true;
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            WebInstruments.Refused("metrics", "not_answered");
            throw new HubException(NotAnswered);
        }
        finally
        {
            // Invocations run beside the receive loop: the connection may have closed (and its
            // ConnectionClosed reached the bridge) while this watch was on its way; or the session did not
            // answer in time and the caller was told it failed. Undo the watch either way, or the session
            // would keep a watcher nobody will ever remove.
            if (!succeeded || Context.ConnectionAborted.IsCancellationRequested)
                bridge.ActorRef.Tell(new BridgeProtocol.StopWatching(Context.ConnectionId, server.ServerId));
        }
        return new RealtimeStarted(server.ServerId, accepted.IntervalMs, accepted.Online);
    }

    public void StopRealtime(string serverId)
    {
        Throttle();
        bridge.ActorRef.Tell(new BridgeProtocol.StopWatching(Context.ConnectionId, serverId ?? ""));
    }

    public override Task OnConnectedAsync()
    {
        // Logging out (here or on another node) closes this connection too (EndedCredentialWatch).
        if (Context.User?.FindFirst(ScoutClaims.LoginId)?.Value is { } loginId)
            logins.Add(loginId, Context);
        WebInstruments.BrowserConnections.Add(1);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        logins.Remove(Context.ConnectionId);
        WebInstruments.BrowserConnections.Add(-1);
        bridge.ActorRef.Tell(new BridgeProtocol.ConnectionClosed(Context.ConnectionId));
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<ServerRef> Authorise(string serverId)
    {
        var userId = Context.User?.FindFirst(ScoutClaims.UserId)?.Value;
        var server = string.IsNullOrWhiteSpace(serverId) || serverId.Length > 64 || userId is null
            ? null
            : await servers.FindServerAsync(serverId, Context.ConnectionAborted);
        // Unknown and foreign servers get the same answer, so the answer leaks nothing.
        if (server is null || !await servers.IsMemberAsync(userId!, server.AccountId, Context.ConnectionAborted))
        {
            WebInstruments.Refused("metrics", "not_allowed");
            if (Context.Items.TryAdd("refusal-logged", true))
                log.LogWarning("Refused realtime for user {User} on connection {Connection}: server unknown or not theirs",
                    userId, Context.ConnectionId);
            throw new HubException(NotAllowed);
        }
        return server;
    }

    private void Throttle()
    {
        // Per user, not per connection: a new connection must not bring a fresh budget (HubCallLimits).
        var userId = Context.User?.FindFirst(ScoutClaims.UserId)?.Value ?? Context.ConnectionId;
        if (!limits.TryTake(userId))
        {
            WebInstruments.Refused("metrics", "rate_limited");
            if (Context.Items.TryAdd("throttle-logged", true))
                log.LogWarning("Connection {Connection} of user {User} exceeded the realtime request rate", Context.ConnectionId, userId);
            throw new HubException(TooMany);
        }
    }
}

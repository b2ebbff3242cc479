using Akka.Actor;
using Scout.Actors.Metrics;

namespace Scout.Actors.Sessions;

/// <summary>Messages of the per-account session (a Cluster Sharding entity keyed by account id).</summary>
public static class SessionProtocol
{
    // ---- from agent proxies ----

    /// <summary>An agent of this account connected; the session watches <paramref name="Proxy"/>. When two
    /// connections claim one server (a reconnect whose old connection has not closed), the later
    /// <paramref name="ConnectedAt"/> wins, whatever order their registrations arrive in.</summary>
    public sealed record AgentOnline(string AccountId, string ServerId, string Hostname, IActorRef Proxy, long ConnectedAt) : IWithAccountId;

    /// <summary>One realtime sample, checked and encoded by the proxy of the connection that sent it.</summary>
    public sealed record SampleArrived(string AccountId, string ServerId, EncodedSample Sample) : IWithAccountId;

    /// <summary>The agent's local buffer of recent samples, sent once when a stream starts.</summary>
    public sealed record BackfillArrived(string AccountId, string ServerId, IReadOnlyList<EncodedSample> Samples) : IWithAccountId;

    // ---- from bridges (one per node), on behalf of browser connections ----

    /// <summary>A watcher (a browser connection on <paramref name="Bridge"/>'s node) wants a server's stream.
    /// Authorisation happened before this: the hub checked membership. Replied to with <see cref="WatchAccepted"/>.</summary>
    public sealed record Watch(string AccountId, string ServerId, string WatcherId, IActorRef Bridge) : IWithAccountId;

    public sealed record Unwatch(string AccountId, string ServerId, string WatcherId, IActorRef Bridge) : IWithAccountId;

    /// <summary>Reply to <see cref="Watch"/>: the stream's interval, whether the agent is online, and the
    /// last minute of samples so the chart starts full.</summary>
    public sealed record WatchAccepted(string ServerId, string WatcherId, int IntervalMs, bool Online, IReadOnlyList<EncodedSample> Backfill) : IScoutMessage;

    /// <summary>Reply to <see cref="AgentOnline"/>: the proxy watches the session that registered it, so it can
    /// register again if that session moves to another node or its node dies.</summary>
    public sealed record AgentRegistered(string ServerId) : IScoutMessage;

    // ---- queries and operator commands ----

    public sealed record GetOnlineServers(string AccountId) : IWithAccountId;

    public sealed record OnlineServers(string AccountId, IReadOnlyList<string> ServerIds) : IScoutMessage;

    /// <summary>Ends one server's live session now, telling its watchers why.</summary>
    public sealed record EndSession(string AccountId, string ServerId, string Reason) : IWithAccountId;

    public sealed record SessionEnded(string ServerId, bool Existed) : IScoutMessage;

    public sealed record GetSessions(string AccountId) : IWithAccountId;

    public sealed record SessionsReport(string AccountId, IReadOnlyList<StreamReport> Streams) : IScoutMessage;

    public sealed record StreamReport(
        string ServerId,
        string Hostname,
        bool Online,
        bool Streaming,
        int Watchers,
        long? StartedAt,
        long SamplesReceived,
        long? LeaseUntil);

    /// <summary>Reasons a stream ends, as watchers see them.</summary>
    public static class EndReasons
    {
        public const string MaxLength = "max-length";
        public const string NoWatchers = "no-watchers";
        public const string Operator = "ended-by-operator";
    }
}

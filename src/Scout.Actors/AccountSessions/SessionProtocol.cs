using Akka.Actor;
using Scout.Actors.SampleIntake;

namespace Scout.Actors.AccountSessions;

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

    /// <summary>A slice of the agent's local buffer of recent samples, sent when a stream starts and when the session
    /// asks for it again for watchers who join a running stream.</summary>
    public sealed record BackfillArrived(string AccountId, string ServerId, IReadOnlyList<EncodedSample> Samples) : IWithAccountId;

    // ---- from subscribers, on behalf of watching connections ----
    // A subscriber is the actor that receives a server's samples for some connections: the SignalRBridge of the
    // node those browser connections are on, or the ops console's top. A connection is named by its SignalR
    // connection id (the console's top by a made-up one), the same id in every protocol.

    /// <summary>A connection (on <paramref name="Subscriber"/>) wants a server's stream. Authorisation happened
    /// before this: the hub checked membership. Replied to with <see cref="WatchAccepted"/>.</summary>
    /// <param name="WatchingSince">Null for a new watch. A subscriber registering its watches again, after the
    /// session it knew went away (moved or its node died), says when each began (Unix ms), so the new session
    /// counts the stream's maximum length from the first watch, not from the move.</param>
    public sealed record Watch(string AccountId, string ServerId, string ConnectionId, IActorRef Subscriber, long? WatchingSince = null) : IWithAccountId;

    public sealed record Unwatch(string AccountId, string ServerId, string ConnectionId, IActorRef Subscriber) : IWithAccountId;

    /// <summary>Reply to <see cref="Watch"/>: the stream's interval and whether the agent is online. The chart's
    /// history follows as a <see cref="DeliverBackfill"/> from the agent's buffer (nodes keep no samples).</summary>
    public sealed record WatchAccepted(string ServerId, string ConnectionId, int IntervalMs, bool Online) : IScoutMessage;

    // ---- to subscribers ----

    /// <summary>One sample, sent once to each subscriber with connections watching its server.</summary>
    /// <param name="SentAt">When the session sent it (<see cref="Observability.SampleHops.NowMs"/>), for the per-hop figures.</param>
    public sealed record DeliverSample(string ServerId, EncodedSample Sample, double SentAt = 0) : IScoutMessage;

    /// <summary>A slice of the agent's backfill for the subscriber's connections it was asked for, and only those:
    /// the others have this history already.</summary>
    public sealed record DeliverBackfill(string ServerId, IReadOnlyList<EncodedSample> Samples, IReadOnlyList<string> ConnectionIds) : IScoutMessage;

    /// <summary>The agent went away (<c>Online</c> false) or came back (true).</summary>
    public sealed record ServerStatus(string ServerId, bool Online) : IScoutMessage;

    /// <summary>A streaming server sent nothing for <see cref="SessionSettings.StallIntervals"/> intervals (agent frozen,
    /// network cut) although its agent is still connected: its charts must not look live.
    /// <paramref name="LastSampleTime"/> is the agent's time of the last sample (Unix ms), null when none came yet.</summary>
    public sealed record StreamStalled(string ServerId, long? LastSampleTime) : IScoutMessage;

    /// <summary>Samples of a stalled server arrive again.</summary>
    public sealed record StreamResumed(string ServerId) : IScoutMessage;

    /// <summary>The stream ended for these connections of the subscriber (max length, operator). Only they leave:
    /// a watch that arrived after the end belongs to the next stream.</summary>
    public sealed record StreamEnded(string ServerId, string Reason, IReadOnlyList<string> ConnectionIds) : IScoutMessage;

    /// <summary>Reply to <see cref="AgentOnline"/>: the proxy watches the session that registered it, so it can
    /// register again if that session moves to another node or its node dies.</summary>
    public sealed record AgentRegistered(string ServerId) : IScoutMessage;

    // ---- queries and operator commands ----

    public sealed record GetOnlineServers(string AccountId) : IWithAccountId;

    public sealed record OnlineServers(string AccountId, IReadOnlyList<string> ServerIds) : IScoutMessage;

    /// <summary>Ends one server's stream now, telling its watchers why. Replied to with <see cref="EndStreamResult"/>.</summary>
    public sealed record EndStream(string AccountId, string ServerId, string Reason) : IWithAccountId;

    /// <summary><paramref name="Existed"/>: whether there was a stream (running, or watched) to end.</summary>
    public sealed record EndStreamResult(string ServerId, bool Existed) : IScoutMessage;

    public sealed record GetStreams(string AccountId) : IWithAccountId;

    public sealed record StreamsReport(string AccountId, IReadOnlyList<StreamReport> Streams) : IScoutMessage;

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

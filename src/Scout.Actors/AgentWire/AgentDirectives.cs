namespace Scout.Actors.AgentWire;

/// <summary>
/// What the cluster tells an agent. The same records travel over SignalR (agent hub, JSON) and
/// between actors (Akka serializer), so they carry plain data only.
/// </summary>
public static class AgentDirectives
{
    public interface IAgentDirective : IScoutMessage;

    /// <summary>Start streaming, or, when already streaming, update interval and lease: a node renews a watched
    /// stream's lease by sending this again, which also restarts a streamer the agent lost.</summary>
    /// <param name="SendBackfill">Also send the agent's local buffer of recent samples once.</param>
    public sealed record StartStreaming(int IntervalMs, int LeaseMs, bool SendBackfill) : IAgentDirective
    {
        public const int DefaultIntervalMs = 1000;
        public const int MinimumIntervalMs = 250;
        public const int DefaultLeaseMs = 30_000;
    }

    /// <summary>Nobody watches any more (or the session reached its maximum length).</summary>
    public sealed record StopStreaming(string Reason) : IAgentDirective;

    /// <summary>The server's greeting after it accepted the agent's key: which server this agent is.</summary>
    public sealed record Welcome(string ServerId, string AccountId, string Hostname) : IScoutMessage;

    /// <summary>
    /// The node will not take this connection (an invalid hostname, the account's server limit, too many new
    /// servers at once): sent once, just before the node closes the connection. The agent logs the reason and
    /// waits at least <paramref name="RetryAfterMs"/> (and its longest backoff) before connecting again.
    /// </summary>
    public sealed record Refused(string Reason, int RetryAfterMs);
}

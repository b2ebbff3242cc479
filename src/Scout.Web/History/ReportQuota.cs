using System.Collections.Concurrent;
using Scout.Actors.RateLimiting;

namespace Scout.Web.History;

/// <summary>
/// How many reports each server may have stored, per node: a burst, then a steady rate
/// (<see cref="HistorySettings.ReportBurst"/>, <see cref="HistorySettings.ReportsPerSecond"/>), well above the
/// one per minute a live agent sends and above the pace at which an agent empties its spool
/// (<see cref="Scout.Actors.AgentWire.ReportPace"/>). Keyed by server, not by connection, so reconnecting does
/// not refill it. One bucket per server that reported since the node started (a few dozen bytes each); the
/// servers themselves are bounded per account (docs/agent.md, "Quotas").
/// </summary>
public sealed class ReportQuota(HistorySettings settings, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private long _throttled;

    /// <summary>Reports refused for the rate since start (the agents keep and resend them).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>True when the server may store one more report now.</summary>
    public bool TryTake(string serverId)
    {
        var bucket = _buckets.GetOrAdd(serverId, _ => new TokenBucket(settings.ReportBurst, settings.ReportsPerSecond, clock));
        // Calls of one connection run one at a time, but two connections may claim one server (a reconnect overlapping).
        lock (bucket)
        {
            if (bucket.TryTake())
                return true;
        }
        Interlocked.Increment(ref _throttled);
        return false;
    }
}

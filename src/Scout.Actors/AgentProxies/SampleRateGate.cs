using Scout.Actors.AgentWire;
using Scout.Actors.RateLimiting;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// How many samples an agent may send: a small burst, then two per streaming interval, so an agent that
/// sends faster than it was asked to (or at all, when nobody asked) has the excess dropped and counted.
/// One per proxy; used only inside its actor, so not thread-safe.
/// </summary>
public sealed class SampleRateGate(TimeProvider? clock = null)
{
    private const double Burst = 5;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private TokenBucket? _bucket;

    /// <summary>Open for a stream of one sample per <paramref name="interval"/>.</summary>
    public void Open(TimeSpan interval)
    {
        var perSecond = 2000 / Math.Max(interval.TotalMilliseconds, AgentDirectives.StartStreaming.MinimumIntervalMs);
        // A renewal or a new interval changes the rate only: the burst is granted once per opening.
        if (_bucket is null)
            _bucket = new TokenBucket(Burst, perSecond, _clock);
        else
            _bucket.PerSecond = perSecond;
    }

    public void Close() => _bucket = null;

    public bool IsOpen => _bucket is not null;

    public bool TryPass() => _bucket?.TryTake() ?? false;
}

namespace Scout.Actors.RateLimiting;

/// <summary>
/// A small token bucket: bursts up to <c>capacity</c>, then <c>perSecond</c>. Used for one connection's hub
/// calls and for one agent's samples. Not thread-safe by design: each user calls it from one actor or from
/// one SignalR connection, whose invocations run one at a time.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double perSecond, TimeProvider? clock = null)
    {
        _capacity = capacity;
        PerSecond = perSecond;
        _clock = clock ?? TimeProvider.System;
        _tokens = capacity;
        _last = _clock.GetTimestamp();
    }

    /// <summary>The refill rate; changing it keeps the tokens already in the bucket.</summary>
    public double PerSecond { get; set; }

    public bool TryTake()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * PerSecond);
        _last = now;
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}

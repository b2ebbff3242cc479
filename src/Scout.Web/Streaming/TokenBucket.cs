namespace Scout.Web.Streaming;

/// <summary>
/// A small token bucket for one connection's hub calls: bursts up to <c>capacity</c>, then
/// <c>perSecond</c>. Not thread-safe by design: SignalR runs one connection's invocations one at a time.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double perSecond, TimeProvider? clock = null)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _clock = clock ?? TimeProvider.System;
        _tokens = capacity;
        _last = _clock.GetTimestamp();
    }

    public bool TryTake()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}

namespace Scout.Actors.Agents;

/// <summary>
/// How many samples an agent may send: a small burst, then two per streaming interval, so an agent that
/// sends faster than it was asked to (or at all, when nobody asked) has the excess dropped and counted.
/// One per proxy; used only inside its actor, so not thread-safe.
/// </summary>
public sealed class SampleRateGate(TimeProvider? clock = null)
{
    private const double Burst = 5;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private double _perSecond;
    private double _tokens;
    private long _last;

    /// <summary>Open for a stream of one sample per <paramref name="interval"/>.</summary>
    public void Open(TimeSpan interval)
    {
        _perSecond = 2 / Math.Max(interval.TotalSeconds, 0.25);
        if (_last == 0)
        {
            _tokens = Burst;
            _last = _clock.GetTimestamp();
        }
    }

    public void Close()
    {
        _perSecond = 0;
        _tokens = 0;
        _last = 0;
    }

    public bool IsOpen => _perSecond > 0;

    public bool TryPass()
    {
        if (!IsOpen)
            return false;
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}

namespace Scout.Tests.Agent.Metrics;

/// <summary>A clock the test moves by hand, so the interval between two readings is exact.</summary>
public sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private long _timestamp = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>When set, every timestamp read moves the clock on by this much (a clock that runs by itself).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.Zero;

    public override long GetTimestamp()
    {
        var now = _timestamp;
        if (Step > TimeSpan.Zero)
        {
            Advance(Step);
        }
        return now;
    }

    public void Advance(TimeSpan by)
    {
        _now += by;
        _timestamp += by.Ticks;
    }
}

namespace Scout.Agent.Streaming;

/// <summary>
/// Where in its interval a stream takes its readings after the first. Prometheus spreads its scrapes over the
/// interval by target for the same reason: load that arrives evenly is served without queueing.
/// </summary>
public static class StreamPhase
{
    /// <summary>
    /// The delay from the first reading to the second: uniform over one interval, from half an interval to one and a
    /// half, so a stream's phase is random whatever its start, and no two readings are closer than half an interval
    /// (rates over a few milliseconds would be mostly noise).
    /// </summary>
    public static TimeSpan FirstDelay(TimeSpan interval, Random random) => interval * (0.5 + random.NextDouble());
}

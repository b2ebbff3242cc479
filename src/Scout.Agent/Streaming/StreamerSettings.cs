using Scout.Actors.AgentWire;

namespace Scout.Agent.Streaming;

/// <summary>
/// Interval and lease of a stream, taken from a directive with defaults for missing values and the
/// interval clamped to the minimum, so a server (or a bug) can never make an agent sample faster.
/// </summary>
public sealed record StreamerSettings(TimeSpan Interval, TimeSpan Lease)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(AgentDirectives.StartStreaming.MinimumIntervalMs);

    public static StreamerSettings From(AgentDirectives.StartStreaming directive) =>
        new(IntervalOf(directive.IntervalMs), LeaseOf(directive.LeaseMs));

    /// <summary>Zero or negative means "the default"; anything below the minimum is raised to it.</summary>
    public static TimeSpan IntervalOf(int intervalMs)
    {
        var ms = intervalMs <= 0 ? AgentDirectives.StartStreaming.DefaultIntervalMs : intervalMs;
        return TimeSpan.FromMilliseconds(Math.Max(ms, AgentDirectives.StartStreaming.MinimumIntervalMs));
    }

    /// <summary>Zero or negative means "the default".</summary>
    public static TimeSpan LeaseOf(int leaseMs) =>
        TimeSpan.FromMilliseconds(leaseMs <= 0 ? AgentDirectives.StartStreaming.DefaultLeaseMs : leaseMs);
}

namespace Scout.Agent.Metrics;

/// <summary>
/// Per-second rates from two readings of a monotonically increasing counter. A counter that went back
/// (it wrapped at 32 bits, or the device/driver was reset) gives null for that interval: a chart with
/// a gap is honest, a spike of 2^64 bytes/s is not.
/// </summary>
public static class Rates
{
    public static double? PerSecond(ulong previous, ulong current, double seconds)
    {
        if (seconds <= 0 || current < previous)
        {
            return null;
        }
        return (current - previous) / seconds;
    }
}

using Akka.Configuration;

namespace Scout.Actors.AccountSessions;

/// <summary>The rules of a live session, from the <c>scout.session</c> HOCON section.</summary>
public sealed record SessionSettings(
    TimeSpan Interval,
    TimeSpan Lease,
    TimeSpan RenewEvery,
    TimeSpan GracePeriod,
    TimeSpan MaxLength,
    TimeSpan BackfillEvery,
    TimeSpan IdlePassivation,
    int StallIntervals)
{
    /// <summary>How long a streaming server may send nothing before its watchers are told it stalled.</summary>
    public TimeSpan StallAfter => Interval * StallIntervals;

    public static SessionSettings Default { get; } = new(
        Interval: TimeSpan.FromSeconds(1),
        Lease: TimeSpan.FromSeconds(30),
        RenewEvery: TimeSpan.FromSeconds(10),
        GracePeriod: TimeSpan.FromSeconds(5),
        MaxLength: TimeSpan.FromMinutes(30),
        BackfillEvery: TimeSpan.FromSeconds(2),
        IdlePassivation: TimeSpan.FromMinutes(2),
        StallIntervals: 3);

    public static SessionSettings FromConfig(Config config)
    {
        var c = config.GetConfig("scout.session");
        if (c is null || c.IsEmpty)
            return Default;
        var d = Default;
        return new SessionSettings(
            c.GetTimeSpan("interval", d.Interval),
            c.GetTimeSpan("lease", d.Lease),
            c.GetTimeSpan("renew-every", d.RenewEvery),
            c.GetTimeSpan("grace-period", d.GracePeriod),
            c.GetTimeSpan("max-length", d.MaxLength),
            c.GetTimeSpan("backfill-every", d.BackfillEvery),
            c.GetTimeSpan("idle-passivation", d.IdlePassivation),
            Math.Max(2, c.GetInt("stall-intervals", d.StallIntervals)));
    }
}

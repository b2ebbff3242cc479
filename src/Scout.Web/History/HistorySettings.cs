using Scout.Actors.AgentWire;

namespace Scout.Web.History;

/// <summary>Settings of stored history (Scout:History:*), read when first needed so test hosts' settings count.</summary>
public sealed record HistorySettings
{
    /// <summary>Reports older than this are pruned (Scout:History:Retention, default 30 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often the pruner runs (Scout:History:PruneEvery, default 1 hour).</summary>
    public TimeSpan PruneEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A report stamped further ahead of the server's clock is rejected (Scout:History:MaxFutureSkew, default 5 min).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Most reports written in one transaction (Scout:History:BatchSize, default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Reports of one server stored at once before the rate applies (Scout:History:ReportBurst, default 10).</summary>
    public int ReportBurst { get; init; } = ReportPace.NodeBurst;

    /// <summary>Reports of one server stored per second after the burst (Scout:History:ReportsPerSecond, default 2.5).</summary>
    public double ReportsPerSecond { get; init; } = ReportPace.NodePerSecond;

    /// <summary>Points per series in a history response at most (about the width of a chart in pixels).</summary>
    public const int MaxPoints = 1000;

    public static HistorySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Scout:History");
        var settings = new HistorySettings
        {
            Retention = section.GetValue<TimeSpan?>("Retention") ?? TimeSpan.FromDays(30),
            PruneEvery = section.GetValue<TimeSpan?>("PruneEvery") ?? TimeSpan.FromHours(1),
            MaxFutureSkew = section.GetValue<TimeSpan?>("MaxFutureSkew") ?? TimeSpan.FromMinutes(5),
            BatchSize = section.GetValue<int?>("BatchSize") ?? 256,
            ReportBurst = section.GetValue<int?>("ReportBurst") ?? ReportPace.NodeBurst,
            ReportsPerSecond = section.GetValue<double?>("ReportsPerSecond") ?? ReportPace.NodePerSecond,
        };
        if (settings.Retention <= TimeSpan.Zero) throw new InvalidOperationException($"Scout:History:Retention must be positive (is {settings.Retention})");
        if (settings.PruneEvery <= TimeSpan.Zero) throw new InvalidOperationException($"Scout:History:PruneEvery must be positive (is {settings.PruneEvery})");
        if (settings.MaxFutureSkew < TimeSpan.Zero) throw new InvalidOperationException($"Scout:History:MaxFutureSkew must not be negative (is {settings.MaxFutureSkew})");
        if (settings.BatchSize < 1) throw new InvalidOperationException($"Scout:History:BatchSize must be at least 1 (is {settings.BatchSize})");
        if (settings.ReportBurst < 1) throw new InvalidOperationException($"Scout:History:ReportBurst must be at least 1 (is {settings.ReportBurst})");
        if (!(settings.ReportsPerSecond > 0)) throw new InvalidOperationException($"Scout:History:ReportsPerSecond must be positive (is {settings.ReportsPerSecond})");
        return settings;
    }
}

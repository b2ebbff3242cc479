using System.Diagnostics.Metrics;

namespace Scout.Web.Observability;

/// <summary>
/// The runtime's figures that prometheus-net's default process collector lacks (it has CPU, memory, GC counts), named
/// by Prometheus' rules: .NET's own System.Runtime meter says the same under names without units or <c>_total</c>,
/// which <c>promtool check metrics</c> refuses. The meter's name makes the prefix (<c>dotnet_threadpool_threads</c>).
/// </summary>
public static class RuntimeMeter
{
    public const string Name = "dotnet";

    private static readonly Meter Meter = new(Name);

    /// <summary>Creates the instruments once; their callbacks read the runtime when scraped.</summary>
    public static void Start() => Started.Value.ToString();

    private static readonly Lazy<bool> Started = new(() =>
    {
        Meter.CreateObservableGauge("threadpool_threads", () => (long)ThreadPool.ThreadCount,
            description: "Thread-pool threads that exist now.");
        Meter.CreateObservableGauge("threadpool_queue_length", () => ThreadPool.PendingWorkItemCount,
            description: "Work items queued to the thread pool and not started yet.");
        Meter.CreateObservableCounter("threadpool_completed_items_total", () => ThreadPool.CompletedWorkItemCount,
            description: "Work items the thread pool has completed.");
        Meter.CreateObservableCounter("gc_pause_seconds_total", () => GC.GetTotalPauseDuration().TotalSeconds,
            description: "Time the garbage collector paused the process.");
        Meter.CreateObservableCounter("lock_contentions_total", () => Monitor.LockContentionCount,
            description: "Times a thread waited for a contended lock.");
        return true;
    });
}

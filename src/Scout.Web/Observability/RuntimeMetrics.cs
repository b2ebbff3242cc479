using Prometheus;

namespace Scout.Web.Observability;

/// <summary>
/// The runtime's figures that prometheus-net's default process collector lacks (it has CPU, memory, GC counts), read
/// when scraped. Made with prometheus-net's own types, not as .NET instruments: its meter adapter exports an observable
/// counter as a gauge, which promtool refuses for a <c>_total</c> name; and .NET's System.Runtime meter, which
/// <c>dotnet-counters</c> shows, has names without units or <c>_total</c>.
/// </summary>
public static class RuntimeMetrics
{
    private static readonly Lazy<bool> Started = new(() =>
    {
        var threads = Metrics.CreateGauge("dotnet_threadpool_threads", "Thread-pool threads that exist now.");
        var queue = Metrics.CreateGauge("dotnet_threadpool_queue_length", "Work items queued to the thread pool and not started yet.");
        var completed = Metrics.CreateCounter("dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.");
        var pauses = Metrics.CreateCounter("dotnet_gc_pause_seconds_total", "Time the garbage collector paused the process.");
        var contentions = Metrics.CreateCounter("dotnet_lock_contentions_total", "Times a thread waited for a contended lock.");
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            threads.Set(ThreadPool.ThreadCount);
            queue.Set(ThreadPool.PendingWorkItemCount);
            completed.IncTo(ThreadPool.CompletedWorkItemCount);
            pauses.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
            contentions.IncTo(Monitor.LockContentionCount);
        });
        return true;
    });

    /// <summary>Once per process (the registry is process-wide).</summary>
    public static void Start() => _ = Started.Value;
}

namespace Scout.Agent.Hosting;

/// <summary>
/// Every 30 seconds, a full compacting GC that hands freed memory back to the system. The agent's heap is a
/// few MB, but the local buffer keeps each sample for five minutes, so samples die old (in gen2) and the
/// collector, seeing no pressure, let the resident set creep up for the whole five minutes
/// (docs/benchmarks.md: 37 → 50 MB over five minutes; once a minute kept it at 35 MB on average, 41 MB
/// just before a collection). One such collection of a heap this size takes a few milliseconds: 30 s apart
/// it costs nothing measurable. Only the scout-agent process does this; an embedding host keeps its own GC.
/// </summary>
public static class HeapTrim
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    public static IDisposable Start(TimeSpan interval) =>
        new Timer(static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null, interval, interval);
}

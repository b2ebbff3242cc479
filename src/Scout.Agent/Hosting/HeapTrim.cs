namespace Scout.Agent.Hosting;

/// <summary>
/// Once a minute, a full compacting GC that hands freed memory back to the system. The agent's heap is a
/// few MB, but the local buffer keeps each sample for five minutes, so samples die old (in gen2) and the
/// collector, seeing no pressure, let the resident set creep up for the whole five minutes
/// (docs/benchmarks.md). One such collection of a heap this size takes a few milliseconds: a minute apart it
/// costs nothing measurable. Only the scout-agent process does this; an embedding host keeps its own GC.
/// </summary>
public static class HeapTrim
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    public static IDisposable Start(TimeSpan interval) =>
        new Timer(static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null, interval, interval);
}

using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Scout.Bench.Pipeline;

/// <summary>Garbage collections of the server processes over the measuring window: how many of each generation, their
/// pauses summed and the longest single pause (the one a p99 latency can hide behind), and per generation the pause
/// and the bytes it promoted (what survived and was copied: the cost of an ephemeral GC grows with it).</summary>
/// <param name="HeapAfterMiB">The largest managed heap left after a GC in the window, summed over the processes: what
/// of the peak RSS is the GC's (the rest is the runtime, native buffers, code). <paramref name="HeapByKindMiB"/> splits
/// it: gen0, gen1, gen2, large objects, pinned objects.</param>
public sealed record GcFigures(double PauseMsTotal, double PauseMsLongest, long Gen0, long Gen1, long Gen2,
    IReadOnlyList<double> PauseMsByGen, IReadOnlyList<double> PromotedMiBByGen,
    double HeapAfterMiB, IReadOnlyList<double> HeapByKindMiB);

/// <summary>
/// Traces the runtime's GC events of each server process over EventPipe (the diagnostics IPC socket every .NET process
/// opens), as dotnet-trace would, and lets TraceEvent pair each GC's suspension with its restart into a pause. Nothing
/// to install; both the node and the bare relay are measured the same way in the same run.
/// </summary>
public sealed class GcTrace
{
    private readonly List<(EventPipeSession Session, Task Reading)> _sessions = new();
    private readonly object _lock = new();
    private double _pauseTotal;
    private double _pauseLongest;
    private long _gen0, _gen1, _gen2;
    private readonly double[] _pauseByGen = new double[3];
    private readonly double[] _promotedByGen = new double[3];
    private static readonly Gens[] Kinds = [Gens.Gen0, Gens.Gen1, Gens.Gen2, Gens.GenLargeObj, Gens.GenPinObj];
    // Per process: the largest heap after a GC, and its split.
    private readonly Dictionary<int, (double Total, double[] ByKind)> _largest = new();

    public static GcTrace Start(IEnumerable<int> pids)
    {
        var trace = new GcTrace();
        foreach (var pid in pids)
            trace.Attach(pid);
        return trace;
    }

    private void Attach(int pid)
    {
        var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational,
            (long)ClrTraceEventParser.Keywords.GC);
        var session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false);
        // A thread of its own for as long as the window lasts: Process() blocks, and on the thread pool it took one of
        // the bench's few workers per traced process, so the bench's agents and watchers stalled for up to a second
        // at the window's start until the pool grew (seen in a 3-node capture: 2,000 samples sent in one burst).
        var reading = Task.Factory.StartNew(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            source.NeedLoadedDotNetRuntimes();
            source.AddCallbackOnProcessStart(process => process.AddCallbackOnDotNetRuntimeLoad(runtime =>
                runtime.GCEnd += (_, gc) =>
                {
                    Count(gc.Generation, gc.PauseDurationMSec, gc.PromotedMB);
                    Sized(pid, gc.HeapSizeAfterMB, Kinds.Select(gc.GenSizeAfterMB).ToArray());
                }));
            source.Process();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _sessions.Add((session, reading));
    }

    private void Count(int generation, double pauseMs, double promotedMB)
    {
        lock (_lock)
        {
            _pauseByGen[Math.Min(generation, 2)] += pauseMs;
            // TraceEvent's "MB" is 2^20 bytes.
            _promotedByGen[Math.Min(generation, 2)] += promotedMB;
            _pauseTotal += pauseMs;
            _pauseLongest = Math.Max(_pauseLongest, pauseMs);
            switch (generation)
            {
                case 0: _gen0++; break;
                case 1: _gen1++; break;
                default: _gen2++; break;
            }
        }
    }

    private void Sized(int pid, double total, double[] byKind)
    {
        lock (_lock)
            if (!_largest.TryGetValue(pid, out var largest) || total > largest.Total)
                _largest[pid] = (total, byKind);
    }

    public async Task<GcFigures> StopAsync()
    {
        foreach (var (session, reading) in _sessions)
        {
            session.Stop();
            // The stream ends once the runtime flushed what it had; a process that exited ends it too.
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10)));
            session.Dispose();
        }
        lock (_lock)
            return new GcFigures(_pauseTotal, _pauseLongest, _gen0, _gen1, _gen2, [.. _pauseByGen], [.. _promotedByGen],
                _largest.Values.Sum(l => l.Total),
                Enumerable.Range(0, Kinds.Length).Select(k => _largest.Values.Sum(l => l.ByKind[k])).ToArray());
    }
}

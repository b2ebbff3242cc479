using System.Diagnostics;
using System.Globalization;
using Scout.Agent.Metrics;

namespace Scout.Bench.Commands;

/// <summary>
/// What one full agent sample costs on this machine: process CPU time (all threads, so the runtime's
/// own work is included) and wall time per <see cref="ProcMetricsSource.Read"/>, taken back to back.
/// </summary>
public sealed class SampleCostCommand : IBenchCommand
{
    private const int DefaultSamples = 300;
    private const int WarmUpSamples = 20;

    // Tiered compilation re-JITs hot methods in the background only after a quiet period and 30 calls;
    // 20 back-to-back samples finish before that, so the measured window used to include ~1.5 ms per
    // sample of JIT work an agent running for hours never pays. Seconds, not samples, cover it.
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);

    public string Name => "sample-cost";

    public string Usage => $"[--samples N] [--interval-ms MS]   CPU and wall time per full /proc sample (default {DefaultSamples}, back to back)";

    public Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var samples = DefaultSamples;
        var interval = TimeSpan.Zero;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--samples" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                samples = n;
                i++;
            }
            else if (args[i] == "--interval-ms" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                // Back to back, few processes run between two readings; at the agent's 1 s more of them
                // ran and get a full stat read. Process CPU over the window then also holds the idle
                // runtime's own ticks between samples, so it errs high.
                interval = TimeSpan.FromMilliseconds(ms);
                i++;
            }
            else
            {
                Console.Error.WriteLine($"sample-cost: unknown or invalid option '{args[i]}'; usage: sample-cost {Usage}");
                return Task.FromResult(2);
            }
        }

        using var source = new ProcMetricsSource();
        // Warm up: JIT, tiered compilation and the first reading of every counter are not the steady state.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; (i < WarmUpSamples || warmUp.Elapsed < WarmUpTime) && !ct.IsCancellationRequested; i++)
        {
            source.Read();
        }

        var self = Process.GetCurrentProcess();
        var wall = new double[samples];
        var threadCpu = new double[samples];
        var processes = 0L;
        var statReads = 0L;
        var schedstatReads = 0L;
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < samples && !ct.IsCancellationRequested; i++)
        {
            if (interval > TimeSpan.Zero)
            {
                Thread.Sleep(interval);
            }
            var start = Stopwatch.GetTimestamp();
            var cpuStart = ThreadCpuClock.Now();
            source.Read();
            threadCpu[i] = (ThreadCpuClock.Now() - cpuStart).TotalMilliseconds;
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            processes += source.ProcessesSeen;
            var (stat, schedstat) = source.LastProcessReads;
            statReads += stat;
            schedstatReads += schedstat;
        }
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Array.Sort(wall);
        var threadCpuMean = threadCpu.Sum() / samples;
        Array.Sort(threadCpu);
        stdout.WriteLine(FormattableString.Invariant($"samples            {samples}"));
        stdout.WriteLine(FormattableString.Invariant($"processes seen     {processes / (double)samples:0} per sample"));
        stdout.WriteLine(FormattableString.Invariant($"per-process reads  {statReads / (double)samples:0.0} stat, {schedstatReads / (double)samples:0.0} schedstat, per sample"));
        stdout.WriteLine(FormattableString.Invariant($"cpu of a reading   mean {threadCpuMean:0.000} ms, p50 {Percentile(threadCpu, 0.50):0.000} ms, p99 {Percentile(threadCpu, 0.99):0.000} ms (the reading thread's CPU time)"));
        stdout.WriteLine(FormattableString.Invariant($"cpu per sample     {cpu.TotalMilliseconds / samples:0.000} ms (process CPU time, all threads, pauses included)"));
        stdout.WriteLine(FormattableString.Invariant($"wall per sample    mean {wall.Sum() / samples:0.000} ms, p50 {Percentile(wall, 0.50):0.000} ms, p99 {Percentile(wall, 0.99):0.000} ms, max {wall[^1]:0.000} ms"));
        stdout.WriteLine(FormattableString.Invariant($"allocated          {allocated / samples / 1024.0:0.0} KiB per sample"));
        return Task.FromResult(0);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

using System.Globalization;
using Scout.Bench.Pipeline;

namespace Scout.Bench.Commands;

/// <summary>
/// <c>idle</c>: N agents connected, nobody watching. The goal is a node doing ~nothing: no watcher, no stream.
/// Messages per second are the node's read and write system calls (/proc/&lt;pid&gt;/io syscr, syscw): every
/// SignalR frame in or out is at least one, so ~0 calls means ~0 messages.
/// </summary>
public sealed class IdleCommand : IBenchCommand
{
    public string Name => "idle";

    public string Usage => "--agents N [--seconds S (default 60)]   node CPU and messages/s with agents connected and no watcher";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        int agents, seconds;
        try
        {
            var options = BenchArgs.Parse(args, "--agents", "--seconds");
            agents = options.Int("--agents", 100);
            seconds = options.Int("--seconds", 60);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"idle: {e.Message}; usage: idle {Usage}");
            return 2;
        }

        await using var target = await ScoutTarget.StartAsync(null, PipelineCommand.DefaultPassword, ct);
        var sources = Enumerable.Range(0, agents).Select(i => new SyntheticMetricsSource(i)).ToArray();
        await target.StartAgentsAsync(sources, ct);
        stdout.WriteLine($"idle: {agents} agents online; settling 5 s, then measuring {seconds} s");
        await Task.Delay(TimeSpan.FromSeconds(5), ct);

        var node = target.Server!;
        var cpu = new CpuWindow(node);
        var (reads0, writes0) = Syscalls(node.Pid);
        var started = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        var percent = cpu.PercentOfOneCore();
        var (reads1, writes1) = Syscalls(node.Pid);
        var readsPerSecond = (reads1 - reads0) / elapsed;
        var writesPerSecond = (writes1 - writes0) / elapsed;
        var samples = sources.Sum(s => s.Readings);

        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        stdout.WriteLine($"  node CPU % of a core      {N(percent)}");
        stdout.WriteLine($"  node read syscalls/s      {N(readsPerSecond)}");
        stdout.WriteLine($"  node write syscalls/s     {N(writesPerSecond)}");
        stdout.WriteLine($"  node RSS / peak MiB       {N(node.RssMiB())} / {N(node.PeakRssMiB())}");
        stdout.WriteLine($"  samples taken by agents   {samples}");
        stdout.WriteLine($"summary agents={agents} seconds={seconds} node_cpu_pct={N(percent)} node_reads_per_s={N(readsPerSecond)} "
            + $"node_writes_per_s={N(writesPerSecond)} node_rss_mib={N(node.RssMiB())} agent_samples={samples}");
        return 0;
    }

    private static (long Reads, long Writes) Syscalls(int pid)
    {
        long reads = 0, writes = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/io"))
        {
            if (line.StartsWith("syscr:", StringComparison.Ordinal))
                reads = long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("syscw:", StringComparison.Ordinal))
                writes = long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
        }
        return (reads, writes);
    }
}

using System.Globalization;
using Scout.Bench.Pipeline;

namespace Scout.Bench.Commands;

/// <summary>
/// <c>idle</c>: N agents connected, nobody watching. The goal is a node doing ~nothing: no watcher, no stream.
/// Messages per second are the samples the agents streamed (every one is a message to the node); SignalR's own
/// keep-alive pings are not counted: socket sends and receives do not show in /proc/&lt;pid&gt;/io, and the
/// loopback counters are shared with everything else on the machine. <c>--baseline signalr</c> then measures the bare
/// relay the same way with as many hub connections that send nothing: the floor any SignalR server with that many
/// connections pays (Kestrel's and SignalR's per-second walk over every connection, keep-alive pings).
/// </summary>
public sealed class IdleCommand : IBenchCommand
{
    public string Name => "idle";

    public string Usage => "--agents N [--seconds S (default 60)] [--settle S (default 30)] [--baseline signalr]   node CPU and messages/s with agents connected and no watcher";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        int agents, seconds, settle;
        bool baseline;
        try
        {
            var options = BenchArgs.Parse(args, "--agents", "--seconds", "--settle", "--baseline");
            baseline = options.Baseline();
            agents = options.Int("--agents", 100);
            seconds = options.Int("--seconds", 60);
            // A node that just accepted 2,000 connections is still compiling its hot paths (tiered JIT:
            // a quarter of its CPU 5 s after the last agent, perf): that is startup, not idling.
            settle = options.Int("--settle", 30);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"idle: {e.Message}; usage: idle {Usage}");
            return 2;
        }

        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        double percent, rss, samplesPerSecond;
        await using (var target = await ScoutTarget.StartAsync(null, PipelineCommand.DefaultPassword, nodes: 1, ct))
        {
            var sources = Enumerable.Range(0, agents).Select(i => new SyntheticMetricsSource(i)).ToArray();
            await target.StartAgentsAsync(sources, ct);
            stdout.WriteLine($"idle: {agents} agents online; settling {settle} s, then measuring {seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(settle), ct);

            var node = target.Server!;
            var cpu = new CpuWindow(node);
            var samplesBefore = sources.Sum(s => s.Readings);
            var started = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var elapsed = (DateTime.UtcNow - started).TotalSeconds;
            percent = cpu.PercentOfOneCore();
            rss = node.RssMiB();
            samplesPerSecond = (sources.Sum(s => s.Readings) - samplesBefore) / elapsed;

            stdout.WriteLine($"  node CPU % of a core      {N(percent)}");
            stdout.WriteLine($"  node RSS / peak MiB       {N(rss)} / {N(node.PeakRssMiB())}");
            stdout.WriteLine($"  samples streamed/s        {N(samplesPerSecond)}");
        }
        var summary = $"summary agents={agents} seconds={seconds} node_cpu_pct={N(percent)} samples_per_s={N(samplesPerSecond)} node_rss_mib={N(rss)}";
        if (baseline)
        {
            await using var relay = await RelayTarget.StartAsync(ct);
            await relay.ConnectIdleAsync(agents, ct);
            stdout.WriteLine($"bare relay: {agents} idle connections; settling {settle} s, then measuring {seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(settle), ct);
            var cpu = new CpuWindow(relay.Server!);
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var barePercent = cpu.PercentOfOneCore();
            var bareRss = relay.Server!.RssMiB();
            stdout.WriteLine($"  bare CPU % of a core      {N(barePercent)}");
            stdout.WriteLine($"  bare RSS MiB              {N(bareRss)}");
            summary += $" bare_cpu_pct={N(barePercent)} bare_rss_mib={N(bareRss)}";
        }
        stdout.WriteLine(summary);
        return 0;
    }
}

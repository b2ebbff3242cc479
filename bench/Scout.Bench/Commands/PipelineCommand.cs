using System.Globalization;
using System.Text.Json;
using Scout.Bench.Pipeline;

namespace Scout.Bench.Commands;

/// <summary>
/// <c>pipeline</c>: agents → node → watchers, latency from the sample's time, delivery, node CPU and RSS,
/// time to first sample; optionally the bare SignalR relay in the same run, side by side.
/// </summary>
public sealed class PipelineCommand : IBenchCommand
{
    public const string DefaultPassword = "bench-demo-password";

    public const int DefaultSettleSeconds = 10;

    public string Name => "pipeline";

    public string Usage => "--agents N --watchers M --seconds S [--settle S (default 10)] [--nodes N (agents on the first node, watchers on the others)] [--servers-per-watcher K] [--baseline signalr] [--server URL --password P] [--json FILE]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        BenchArgs options;
        int agents, watchers, seconds, settle, perWatcher, nodes;
        bool baseline;
        try
        {
            options = BenchArgs.Parse(args, "--agents", "--watchers", "--seconds", "--settle", "--nodes", "--servers-per-watcher", "--baseline", "--server", "--password", "--json");
            agents = options.Int("--agents", 10);
            watchers = options.Int("--watchers", 10);
            seconds = options.Int("--seconds", 10);
            // Between the last watcher's first sample and the window: the start (every watcher's first samples and
            // their minute, the JIT's second tier, a cluster's first cross-node traffic) is measured by the first
            // sample's figures; the window measures the steady state, for the relay and for us alike.
            settle = options.Int("--settle", DefaultSettleSeconds, min: 0);
            perWatcher = options.Int("--servers-per-watcher", 1);
            nodes = options.Int("--nodes", 1);
            if (nodes < 1 || nodes > 9)
                throw new ArgumentException($"--nodes must be 1 to 9 (127.0.0.1-9), got {nodes}");
            if (nodes > 1 && options.Text("--server") is not null)
                throw new ArgumentException("--nodes starts its own cluster; it cannot be used with --server");
            if (perWatcher > agents)
                throw new ArgumentException($"--servers-per-watcher ({perWatcher}) cannot exceed --agents ({agents})");
            baseline = options.Baseline();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"pipeline: {e.Message}; usage: pipeline {Usage}");
            return 2;
        }

        var server = options.Text("--server") is { } url ? new Uri(url) : null;
        var password = options.Text("--password") ?? DefaultPassword;
        stdout.WriteLine($"pipeline: {agents} agents, {watchers} watchers x {perWatcher} servers, {nodes} node(s), {settle} s settle, {seconds} s window, {Repo.Configuration()} build, "
            + $"{Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (bench)");

        PipelineResult ours;
        await using (var target = await ScoutTarget.StartAsync(server, password, nodes, ct))
            ours = await new PipelineRun(target, agents, watchers, perWatcher, seconds, settle, stdout).RunAsync(ct);

        PipelineResult? bare = null;
        if (baseline)
        {
            await using var relay = await RelayTarget.StartAsync(ct);
            bare = await new PipelineRun(relay, agents, watchers, perWatcher, seconds, settle, stdout).RunAsync(ct);
        }

        Report(stdout, ours, bare);
        if (options.Text("--json") is { } json)
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { ours, bare }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }), ct);
        stdout.WriteLine(Summary(ours, bare));
        return ours.Delivered == ours.Expected && ours.FirstSampleMissing == 0 && ours.WatchFailures == 0 ? 0 : 1;
    }

    private static void Report(TextWriter o, PipelineResult ours, PipelineResult? bare)
    {
        string F(double v) => Percentiles.Ms(v);
        string Row(string name, Func<PipelineResult, double> pick, bool ratio = true) =>
            bare is null
                ? $"  {name,-26} {F(pick(ours)),12}"
                : $"  {name,-26} {F(pick(ours)),12} {F(pick(bare)),12} {(ratio ? F(pick(ours) / pick(bare)) : ""),8}";
        o.WriteLine(bare is null ? $"  {"",-26} {"ours",12}" : $"  {"",-26} {"ours",12} {"bare",12} {"ours/bare",8}");
        o.WriteLine(Row("samples sent", r => r.Sent, false));
        o.WriteLine(Row("deliveries expected", r => r.Expected, false));
        o.WriteLine(Row("delivered", r => r.Delivered, false));
        o.WriteLine(Row("duplicates", r => r.Duplicates, false));
        o.WriteLine(Row("latency p50 ms", r => r.P50Ms));
        o.WriteLine(Row("latency p90 ms", r => r.P90Ms));
        o.WriteLine(Row("latency p99 ms", r => r.P99Ms));
        o.WriteLine(Row("latency p99.9 ms", r => r.P999Ms));
        o.WriteLine(Row("latency max ms", r => r.MaxMs));
        o.WriteLine(Row("server CPU % of a core", r => r.ServerCpuPercent));
        o.WriteLine(Row("server CPU ms / 1k deliv.", r => r.ServerCpuPercent * 10 * r.Seconds / Math.Max(1, r.Delivered) * 1000));
        o.WriteLine(Row("server peak RSS MiB", r => r.ServerPeakRssMiB));
        o.WriteLine(Row("bench CPU % of a core", r => r.BenchCpuPercent, false));
        o.WriteLine(Row("machine steal % (VM host)", r => r.StealPercent, false));
        o.WriteLine(Row("GC pause ms in window", r => r.ServerGc?.PauseMsTotal ?? double.NaN));
        o.WriteLine(Row("GC pause ms, longest", r => r.ServerGc?.PauseMsLongest ?? double.NaN));
        o.WriteLine(Row("GCs gen2", r => r.ServerGc?.Gen2 ?? double.NaN, false));
        o.WriteLine(Row("GCs gen1", r => r.ServerGc?.Gen1 ?? double.NaN, false));
        o.WriteLine(Row("GCs gen0", r => r.ServerGc?.Gen0 ?? double.NaN, false));
        o.WriteLine(Row("managed heap after GC, MiB", r => r.ServerGc?.HeapAfterMiB ?? double.NaN));
        string[] kinds = ["gen0", "gen1", "gen2", "large objects", "pinned objects"];
        for (var k = 0; k < kinds.Length; k++)
        {
            var kind = k;
            o.WriteLine(Row($"  of which {kinds[kind]}", r => r.ServerGc?.HeapByKindMiB[kind] ?? double.NaN, false));
        }
        for (var gen = 0; gen < 3; gen++)
        {
            var g = gen;
            o.WriteLine(Row($"gen{g} pause ms, summed", r => r.ServerGc?.PauseMsByGen[g] ?? double.NaN, false));
            o.WriteLine(Row($"gen{g} promoted MiB, summed", r => r.ServerGc?.PromotedMiBByGen[g] ?? double.NaN, false));
        }
        o.WriteLine(Row("first sample p50 ms", r => r.FirstSampleP50Ms));
        o.WriteLine(Row("first sample p99 ms", r => r.FirstSampleP99Ms));
        o.WriteLine(Row("watch calls failed", r => r.WatchFailures, false));
        o.WriteLine(Row("first sample missing", r => r.FirstSampleMissing, false));
        o.WriteLine(Row("sample JSON bytes", r => r.SampleBytes, false));
        if (ours.Hops.Count == 0)
            return;
        // Inside the node(s), from their own histograms (bucket estimates); the rest of the way to the watcher is
        // SignalR's write, the socket and the watcher's read, as for the bare relay.
        o.WriteLine($"  {"hops inside the node(s)",-26} {"p50 ms",12} {"p99 ms",12} {"samples",8}");
        foreach (var hop in ours.Hops)
            o.WriteLine($"  {hop.Hop,-26} {F(hop.P50Ms),12} {F(hop.P99Ms),12} {hop.Count,8}");
        o.WriteLine($"  {"dropped by the node(s)",-26} {(ours.Drops.Count == 0 ? "none" : string.Join(", ", ours.Drops.Select(d => $"{d.Key} {d.Value}")))}");
    }

    /// <summary>The last line: key=value pairs for scripts; bare_* only with a baseline.</summary>
    public static string Summary(PipelineResult ours, PipelineResult? bare)
    {
        static string N(double v) => double.IsNaN(v) ? "nan" : v.ToString("0.###", CultureInfo.InvariantCulture);
        var pairs = new List<string>
        {
            $"agents={ours.Agents}", $"watchers={ours.Watchers}", $"servers_per_watcher={ours.ServersPerWatcher}", $"seconds={ours.Seconds}", $"settle={ours.SettleSeconds}",
            $"sent={ours.Sent}", $"expected={ours.Expected}", $"delivered={ours.Delivered}", $"lost={ours.Expected - ours.Delivered}",
            $"p50_ms={N(ours.P50Ms)}", $"p90_ms={N(ours.P90Ms)}", $"p99_ms={N(ours.P99Ms)}", $"p999_ms={N(ours.P999Ms)}", $"max_ms={N(ours.MaxMs)}",
            $"node_cpu_pct={N(ours.ServerCpuPercent)}", $"node_peak_rss_mib={N(ours.ServerPeakRssMiB)}", $"steal_pct={N(ours.StealPercent)}",
            $"first_p50_ms={N(ours.FirstSampleP50Ms)}", $"first_p99_ms={N(ours.FirstSampleP99Ms)}",
            $"gc_pause_ms={N(ours.ServerGc?.PauseMsTotal ?? double.NaN)}", $"gc_pause_longest_ms={N(ours.ServerGc?.PauseMsLongest ?? double.NaN)}",
            $"gc_gen2={N(ours.ServerGc?.Gen2 ?? double.NaN)}", $"watch_failures={ours.WatchFailures}",
        };
        foreach (var hop in ours.Hops)
            pairs.AddRange([$"hop_{hop.Hop}_p50_ms={N(hop.P50Ms)}", $"hop_{hop.Hop}_p99_ms={N(hop.P99Ms)}"]);
        if (bare is not null)
        {
            pairs.AddRange([
                $"bare_delivered={bare.Delivered}", $"bare_expected={bare.Expected}",
                $"bare_p50_ms={N(bare.P50Ms)}", $"bare_p99_ms={N(bare.P99Ms)}", $"bare_max_ms={N(bare.MaxMs)}",
                $"bare_cpu_pct={N(bare.ServerCpuPercent)}", $"bare_peak_rss_mib={N(bare.ServerPeakRssMiB)}", $"bare_steal_pct={N(bare.StealPercent)}",
            ]);
        }
        return "summary " + string.Join(' ', pairs);
    }
}

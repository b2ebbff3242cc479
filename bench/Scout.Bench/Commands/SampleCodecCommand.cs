using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Agent.Metrics;
using Scout.Web.Agents;

namespace Scout.Bench.Commands;

/// <summary>
/// What a node does to each agent sample before it is on its way to browsers, step by step, in a loop on one thread:
/// read, check and write it in one pass from the hub's JSON (as <see cref="SampleInput"/>, the agent hub's argument,
/// through <see cref="AgentSampleReader"/>), then check its server and time (<see cref="SampleLimits.Check"/>);
/// beside them, the read into a <see cref="MetricsSample"/> the bare relay does with the same JSON. The sample is one real
/// reading of this machine; the JSON is cut into 4 KB segments, as the hub receives it from Kestrel's pipe. A loop
/// keeps every cache warm, so these are floors: in a busy node the same steps cost more (a CPU profile there is the
/// measure of their share; docs/benchmarks.md).
/// </summary>
public sealed class SampleCodecCommand : IBenchCommand
{
    private const int DefaultIterations = 20_000;

    public string Name => "sample-codec";

    public string Usage => $"[--iterations N]   per-sample cost of the node's read, check and write of a real sample (default {DefaultIterations})";

    public Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var iterations = DefaultIterations;
        if (args.Length == 2 && args[0] == "--iterations"
            && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            iterations = n;
        else if (args.Length > 0)
        {
            Console.Error.WriteLine($"sample-codec: unknown or invalid options; usage: sample-codec {Usage}");
            return Task.FromResult(2);
        }

        MetricsSample sample;
        using (var source = new ProcMetricsSource())
        {
            source.Read(); // the second reading has rates
            sample = source.Read() with { ServerId = "srv-bench" };
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(sample, MetricsJson.Options);
        var segments = Segments.Of(json, 4096);
        // The agent hub's own: the node keeps SignalR's default JSON payload options.
        var readOptions = new Microsoft.AspNetCore.SignalR.JsonHubProtocolOptions().PayloadSerializerOptions;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(sample.Time);
        stdout.WriteLine($"sample-codec: one reading of this machine, {json.Length:N0} bytes of JSON, {sample.Processes.Count} processes, " +
                         $"{sample.Cpu.Cores.Count} cores; {iterations:N0} iterations a step, one thread");

        var encoded = JsonSerializer.Deserialize<SampleInput>(json, readOptions)!.Sample
                      ?? throw new InvalidOperationException("this machine's reading was refused");
        var steps = new (string Name, Func<long> Run)[]
        {
            ("read+check+write (hub, 4 KB segments)", () =>
            {
                var reader = new Utf8JsonReader(segments);
                return JsonSerializer.Deserialize<SampleInput>(ref reader, readOptions)!.Sample!.Json.Length;
            }),
            ("read+check+write (one span)", () =>
            {
                var reader = new Utf8JsonReader(json);
                return JsonSerializer.Deserialize<SampleInput>(ref reader, readOptions)!.Sample!.Json.Length;
            }),
            ("check (SampleLimits: server, time)", () => SampleLimits.Check(encoded, sample.ServerId, now) is null ? 1 : 0),
            ("floor: every token read, nothing kept", () =>
            {
                var reader = new Utf8JsonReader(json);
                var tokens = 0L;
                while (reader.Read())
                    tokens++;
                return tokens;
            }),
            ("read MetricsSample (the bare relay's)", () =>
            {
                var reader = new Utf8JsonReader(json);
                return JsonSerializer.Deserialize<MetricsSample>(ref reader, readOptions)!.Time;
            }),
        };
        stdout.WriteLine($"  {"step",-38} {"µs/sample",10} {"bytes allocated",16}");
        foreach (var (name, run) in steps)
        {
            // Warm up past tiered compilation's second tier (30 calls, then a background compile).
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(2))
                run();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations && !ct.IsCancellationRequested; i++)
                run();
            var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
            stdout.WriteLine($"  {name,-38} {micros,10:F1} {(GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations,16:N0}");
        }
        return Task.FromResult(0);
    }

    /// <summary>A byte array as a sequence of fixed-size segments.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
        {
            var first = new Segments(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
            var last = first;
            for (var offset = size; offset < bytes.Length; offset += size)
            {
                var next = new Segments(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), offset);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}

using System.Text.Json;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.SampleIntake;

/// <summary>Every figure of a sample, as the node reads it, against what a machine can have; each kind of impossibility has its one reason.</summary>
public sealed class SampleBoundsTests
{
    private static readonly long Now = 1_800_000_000_000;
    private static readonly MetricsSample Good = Samples.At("s1", Now);

    public static TheoryData<string, MetricsSample, string> Impossible => new()
    {
        { "sampling time 0", Good with { Time = 0 }, SampleBounds.TooOld },
        { "sampling time -1e15", Good with { Time = -1_000_000_000_000_000 }, SampleBounds.TooOld },
        { "two hours old", Good with { Time = Now - 7_200_000 }, SampleBounds.TooOld },
        { "negative interval", Good with { IntervalMs = -1 }, SampleBounds.BadInterval },
        { "cpu -400 %", Good with { Cpu = Good.Cpu with { Total = Good.Cpu.Total! with { Busy = -400 } } }, SampleBounds.BadCpu },
        { "core 250 %", Good with { Cpu = Good.Cpu with { Cores = [Good.Cpu.Cores[0] with { User = 250 }] } }, SampleBounds.BadCpu },
        { "cpu NaN (JSON has none: a string)", Good with { Cpu = Good.Cpu with { Total = Good.Cpu.Total! with { Idle = double.NaN } } }, "malformed: unreadable JSON at $.cpu.total.idle" },
        { "memory -5e12", Good with { Memory = Good.Memory with { Used = -5_000_000_000_000 } }, SampleBounds.BadMemory },
        { "used above total", Good with { Memory = Good.Memory with { Used = Good.Memory.Total + 1 } }, SampleBounds.BadMemory },
        { "swap used above swap", Good with { Memory = Good.Memory with { SwapUsed = 1 } }, SampleBounds.BadMemory },
        { "load Infinity", Good with { Load = Good.Load with { One = double.PositiveInfinity } }, SampleBounds.BadLoad },
        { "negative tasks", Good with { Load = Good.Load with { Tasks = -1 } }, SampleBounds.BadLoad },
        { "disk rate -1", Good with { Disks = [Good.Disks[0] with { ReadBytesPerSec = -1 }] }, SampleBounds.BadDisk },
        { "disk busy 101 %", Good with { Disks = [Good.Disks[0] with { BusyPercent = 101 }] }, SampleBounds.BadDisk },
        { "filesystem used above size", Good with { Filesystems = [Good.Filesystems[0] with { Used = Good.Filesystems[0].Size + 1 }] }, SampleBounds.BadFilesystem },
        { "network Infinity", Good with { Network = [Good.Network[0] with { TxBytesPerSec = double.PositiveInfinity }] }, SampleBounds.BadNetwork },
        { "process rss negative", Good with { Processes = [Good.Processes[0] with { Rss = -1 }] }, SampleBounds.BadProcess },
        { "process cpu beyond every core", Good with { Processes = [Good.Processes[0] with { CpuPercent = 150 }] }, SampleBounds.BadProcess },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void An_impossible_figure_is_named(string what, MetricsSample sample, string reason)
    {
        Assert.True(reason == Problem(sample), what);
    }

    [Fact]
    public void A_real_looking_sample_passes_including_a_backfill_minutes_old_and_rounding_at_the_edges()
    {
        Assert.Null(Problem(Good));
        Assert.Null(Problem(Good with { Time = Now - 5 * 60_000 }));
        Assert.Null(Problem(Good with { Cpu = Good.Cpu with { Total = Good.Cpu.Total! with { Busy = 100.000001, Idle = -0.0000001 } } }));
        // A process's share is of one core: with threads it may use all of them.
        var fourCores = Good with { Cpu = Good.Cpu with { Cores = [.. Enumerable.Repeat(Good.Cpu.Cores[0], 4)] } };
        Assert.Null(Problem(fourCores with { Processes = [Good.Processes[0] with { CpuPercent = 390 }] }));
    }

    [Fact]
    public void A_process_keeping_every_core_busy_passes_with_the_jitter_of_its_tick_measurement()
    {
        var twoCores = Good with { Cpu = Good.Cpu with { Cores = [.. Enumerable.Repeat(Good.Cpu.Cores[0], 2)] } };

        Assert.Null(Problem(twoCores with { Processes = [Good.Processes[0] with { CpuPercent = 204 }] }));
        Assert.Equal(SampleBounds.BadProcess, Problem(twoCores with { Processes = [Good.Processes[0] with { CpuPercent = 300 }] }));
    }

    [Fact]
    public void Reading_a_good_sample_allocates_the_sample_it_returns_and_little_else()
    {
        var json = Samples.AgentJson(Good);
        Samples.Read(json, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = Samples.Read(json, out _)!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The JSON's array, the sample object and its server id: no graph of records on the way.
        Assert.InRange(allocated, read.Json.Length, read.Json.Length + 256);
    }

    /// <summary>What the node refuses of this sample as the agent would send it: read, then its server and time checked.</summary>
    private static string? Problem(MetricsSample sample)
    {
        // JSON has no NaN or Infinity: the options write them as strings, and an infinite figure is sent as the
        // literal 1e400, which reads as Infinity.
        var json = JsonSerializer.Serialize(sample, LiteralOptions).Replace("\"Infinity\"", "1e400");
        return Samples.Read(System.Text.Encoding.UTF8.GetBytes(json), out var problem) is { } read
            ? SampleLimits.Check(read, "s1", DateTimeOffset.FromUnixTimeMilliseconds(Now))
            : problem;
    }

    private static readonly JsonSerializerOptions LiteralOptions = new(Samples.AgentOptions)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

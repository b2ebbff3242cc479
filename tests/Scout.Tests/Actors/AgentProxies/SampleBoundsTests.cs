using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.AgentProxies;

/// <summary>Every figure of a sample against what a machine can have; each kind of impossibility has its one reason.</summary>
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
        { "cpu NaN", Good with { Cpu = Good.Cpu with { Total = Good.Cpu.Total! with { Idle = double.NaN } } }, SampleBounds.BadCpu },
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
        Assert.True(reason == SampleBounds.Check(sample, Now), what);
    }

    [Fact]
    public void A_real_looking_sample_passes_including_a_backfill_minutes_old_and_rounding_at_the_edges()
    {
        Assert.Null(SampleBounds.Check(Good, Now));
        Assert.Null(SampleBounds.Check(Good with { Time = Now - 5 * 60_000 }, Now));
        Assert.Null(SampleBounds.Check(Good with { Cpu = Good.Cpu with { Total = Good.Cpu.Total! with { Busy = 100.000001, Idle = -0.0000001 } } }, Now));
        // A process's share is of one core: with threads it may use all of them.
        var fourCores = Good with { Cpu = Good.Cpu with { Cores = [.. Enumerable.Repeat(Good.Cpu.Cores[0], 4)] } };
        Assert.Null(SampleBounds.Check(fourCores with { Processes = [Good.Processes[0] with { CpuPercent = 390 }] }, Now));
    }

    [Fact]
    public void A_process_keeping_every_core_busy_passes_with_the_jitter_of_its_tick_measurement()
    {
        var twoCores = Good with { Cpu = Good.Cpu with { Cores = [.. Enumerable.Repeat(Good.Cpu.Cores[0], 2)] } };

        Assert.Null(SampleBounds.Check(twoCores with { Processes = [Good.Processes[0] with { CpuPercent = 204 }] }, Now));
        Assert.Equal(SampleBounds.BadProcess, SampleBounds.Check(twoCores with { Processes = [Good.Processes[0] with { CpuPercent = 300 }] }, Now));
    }

    [Fact]
    public void Checking_a_good_sample_allocates_nothing()
    {
        SampleBounds.Check(Good, Now);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            SampleBounds.Check(Good, Now);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

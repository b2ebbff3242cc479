using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>The readers against this machine's own /proc: the formats they were written for.</summary>
public sealed class RealProcTests
{
    [Fact]
    public void This_machine_gives_sane_values()
    {
        var source = new ProcMetricsSource();
        source.Read();
        // Let some clock ticks (1/100 s) pass so the interval has CPU shares; this waits for the kernel's
        // counters, not for an actor, and burning CPU makes the busy share non-trivial.
        var burn = System.Diagnostics.Stopwatch.StartNew();
        while (burn.ElapsedMilliseconds < 50)
        {
        }

        var sample = source.Read();

        Assert.NotEmpty(sample.Cpu.Cores);
        Assert.NotNull(sample.Cpu.Total);
        Assert.InRange(sample.Cpu.Total.Busy, 0, 100);
        Assert.InRange(sample.Cpu.Total.Idle, 0, 100);
        Assert.All(sample.Cpu.Cores, c => Assert.InRange(c.Busy, 0, 100));
        Assert.True(sample.Memory.Total > 0);
        Assert.InRange(sample.Memory.Used, 0, sample.Memory.Total);
        Assert.NotEmpty(sample.Processes);
        Assert.Contains(sample.Processes, p => p.Pid == Environment.ProcessId || p.Rss > 0);
        Assert.True(source.ProcessesSeen >= sample.Processes.Count);
        Assert.True(sample.Load.Tasks > 0);
        Assert.True(sample.IntervalMs >= 0);
    }

    [Fact]
    public void By_default_a_sample_lists_forty_processes_when_the_machine_has_them()
    {
        var source = new ProcMetricsSource();
        source.Read();

        var sample = source.Read();

        // The web page's process table promises 40 rows: the top 40 by memory alone give them.
        Assert.True(sample.Processes.Count >= Math.Min(40, source.ProcessesSeen),
            $"{sample.Processes.Count} processes listed of {source.ProcessesSeen} seen");
    }
}

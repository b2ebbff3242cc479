using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class ProcMetricsSourceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static ProcMetricsSource Source(ProcFixture machine, ManualTime time) => new(
        new ProcMetricsOptions(machine.Root, TopProcesses: 15, ClockTicksPerSecond: 100, PageSize: 4096),
        time,
        new FixtureSpace().Add("/", 1000, 400, 300).Add("/mnt/my data", 1000, 500, 500).Add("/mnt/nfs", 10, 5, 5));

    [Fact]
    public void First_sample_has_no_interval_and_no_rates()
    {
        using var machine = new ProcFixture("typical");
        var time = new ManualTime();

        var sample = Source(machine, time).Read();

        Assert.Equal(0, sample.IntervalMs);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), sample.Time);
        Assert.Null(sample.Cpu.Total);
        Assert.All(sample.Disks, d => Assert.Null(d.ReadBytesPerSec));
        Assert.All(sample.Network, n => Assert.Null(n.RxBytesPerSec));
        Assert.Equal("", sample.ServerId);
    }

    [Fact]
    public void Second_sample_has_rates_over_the_clock_interval()
    {
        using var machine = new ProcFixture("typical");
        var time = new ManualTime();
        var source = Source(machine, time);
        source.Read();
        machine.Advance();
        time.Advance(Interval);

        var sample = source.Read();

        Assert.Equal(2000, sample.IntervalMs);
        Assert.Equal(60, sample.Cpu.Total!.Busy, 1e-9);
        Assert.Equal(1_000_000, sample.Network.Single(n => n.Name == "eth0").RxBytesPerSec);
        Assert.Equal(25, sample.Disks.Single(d => d.Name == "sda").BusyPercent);
        Assert.Equal(75, sample.Processes.Single(p => p.Pid == 1).CpuPercent);
        Assert.Equal(3, sample.Filesystems.Count);
        Assert.Equal(345, sample.Load.Tasks);
        Assert.Equal(7, source.ProcessesSeen); // pid 500 had no stat left to read
    }

    [Fact]
    public void Two_readings_at_the_same_instant_give_no_rates_rather_than_infinite_ones()
    {
        using var machine = new ProcFixture("typical");
        var source = Source(machine, new ManualTime());
        source.Read();
        machine.Advance();

        var sample = source.Read();

        Assert.Null(sample.Network.Single(n => n.Name == "eth0").RxBytesPerSec);
        Assert.Null(sample.Disks.Single(d => d.Name == "sda").ReadOpsPerSec);
        Assert.All(sample.Processes, p => Assert.Null(p.CpuPercent));
    }

    [Fact]
    public void A_container_gives_a_sample_without_disks()
    {
        using var machine = new ProcFixture("container");

        var sample = Source(machine, new ManualTime()).Read();

        Assert.Empty(sample.Disks);
        Assert.Equal("app", Assert.Single(sample.Processes).Name);
    }

    [Fact]
    public void A_root_without_proc_is_a_clear_error()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            new ProcMetricsSource(new ProcMetricsOptions(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")))));

        Assert.Contains("proc", error.Message);
    }

    [Fact]
    public async Task Readers_on_several_threads_share_one_source_safely()
    {
        using var machine = new ProcFixture("typical");
        var source = Source(machine, new ManualTime { Step = TimeSpan.FromSeconds(1) });

        var readings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => source.Read())));

        // Serialised readings: exactly one first reading, and each later one a clock step after the one before.
        Assert.Equal([0, 1000, 1000, 1000, 1000, 1000, 1000, 1000], readings.Select(s => s.IntervalMs).Order());
    }
}

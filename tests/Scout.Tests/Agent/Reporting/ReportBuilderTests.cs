using Scout.Actors.AgentWire;
using Scout.Agent.Reporting;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Agent.Reporting;

public sealed class ReportBuilderTests
{
    private static MetricsSample WithCpuAndMemory(long time, double? busy, long used) =>
        Samples.At("", time) with
        {
            Cpu = new CpuStats(busy is null ? null : new CpuUsage("cpu", 0, 0, 0, 0, 100 - busy.Value, busy.Value),
                [new CpuUsage("cpu0", 0, 0, 0, 0, 0, busy ?? 0)]),
            Memory = new MemoryStats(16L << 30, 1000, used, 0, 0, 0, 0),
        };

    [Fact]
    public void Averages_and_maxima_cover_every_sample_of_the_window()
    {
        var report = ReportBuilder.Build("r1", 0, 3000, 60_000,
            [WithCpuAndMemory(1000, 10, 100), WithCpuAndMemory(2000, 30, 300), WithCpuAndMemory(3000, 20, 200)])!;

        Assert.Equal(new Stat(20, 30), report.CpuTotal);
        Assert.Equal(new Stat(200, 300), report.MemoryUsed);
        Assert.Equal(3, report.Samples);
        Assert.Equal([new NamedStat("cpu0", 20, 30)], report.CpuCores);
    }

    [Fact]
    public void Cpu_total_leaves_out_readings_without_a_cpu_figure()
    {
        var report = ReportBuilder.Build("r1", 0, 2000, 60_000, [WithCpuAndMemory(1000, null, 1), WithCpuAndMemory(2000, 40, 1)])!;

        Assert.Equal(new Stat(40, 40), report.CpuTotal);
    }

    [Fact]
    public void Network_and_disk_rates_are_summed_over_interfaces_and_devices()
    {
        var sample = Samples.At("", 1000) with
        {
            Network = [new NetworkStats("eth0", 100, 10, 0, 0, 0, 0, 0, 0), new NetworkStats("eth1", 50, 5, 0, 0, 0, 0, 0, 0)],
            Disks = [new DiskStats("sda", 1000, 1, 0, 0, 0), new DiskStats("sdb", null, null, null, null, null)],
        };

        var report = ReportBuilder.Build("r1", 0, 1000, 60_000, [sample])!;

        Assert.Equal(new Stat(150, 150), report.NetRx);
        Assert.Equal(new Stat(15, 15), report.NetTx);
        Assert.Equal(new Stat(1000, 1000), report.DiskRead);
    }

    [Fact]
    public void Process_snapshot_is_the_last_reading_of_the_window()
    {
        var last = Samples.At("", 2000) with { Processes = [new ProcessStats(42, "dotnet", "dotnet x", "me", "R", 50, 1, 1)] };

        var report = ReportBuilder.Build("r1", 0, 2000, 60_000, [Samples.At("", 1000), last])!;

        Assert.Equal(42, Assert.Single(report.Processes).Pid);
    }

    [Fact]
    public void Cpu_user_system_io_wait_and_cached_memory_are_averaged_and_maximised_over_the_window()
    {
        static MetricsSample At(long time, double user, double system, double ioWait, long cached) => Samples.At("", time) with
        {
            Cpu = new CpuStats(new CpuUsage("cpu", user, system, ioWait, 0, 100 - user - system - ioWait, user + system), []),
            Memory = new MemoryStats(16L << 30, 8L << 30, 8L << 30, cached, 0, 0, 0),
        };

        var report = ReportBuilder.Build("r1", 0, 2000, 60_000, [At(1000, 10, 2, 0, 100), At(2000, 30, 6, 40, 300)])!;

        Assert.Equal(new Stat(20, 30), report.CpuUser);
        Assert.Equal(new Stat(4, 6), report.CpuSystem);
        Assert.Equal(new Stat(20, 40), report.CpuIoWait);
        Assert.Equal(new Stat(200, 300), report.MemoryCached);
    }

    [Fact]
    public void Filesystems_keep_their_type()
    {
        var report = ReportBuilder.Build("r1", 0, 1000, 60_000, [Samples.At("", 1000)])!;

        Assert.Equal("ext4", Assert.Single(report.Filesystems).Type);
    }

    [Fact]
    public void The_process_snapshot_keeps_the_40_busiest_by_cpu_with_commands_cut_to_the_bound()
    {
        var many = Enumerable.Range(1, 100)
            .Select(i => new ProcessStats(i, "p", i == 100 ? new string('c', 5000) : "p --run", "me", "S", i, 1000, 1))
            .Append(new ProcessStats(999, "new", "new", "me", "S", null, 1 << 30, 1))
            .ToArray();

        var report = ReportBuilder.Build("r1", 0, 1000, 60_000, [Samples.At("", 1000) with { Processes = many }])!;

        Assert.Equal(MinuteReportBounds.Processes, report.Processes.Count);
        Assert.Equal(Enumerable.Range(61, 40).Reverse(), report.Processes.Select(p => p.Pid));
        Assert.Equal(MinuteReportBounds.CommandLength, report.Processes[0].Command.Length);
        Assert.EndsWith("…", report.Processes[0].Command);
    }

    [Fact]
    public void An_empty_window_makes_no_report() =>
        Assert.Null(ReportBuilder.Build("r1", 0, 1000, 60_000, []));

    [Fact]
    public void Ids_sort_by_time_and_differ_within_the_same_millisecond()
    {
        var a = ReportBuilder.NewId(1_000);
        var b = ReportBuilder.NewId(1_000);
        var later = ReportBuilder.NewId(2_000);

        Assert.NotEqual(a, b);
        Assert.True(string.CompareOrdinal(a, later) < 0 && string.CompareOrdinal(b, later) < 0);
    }
}

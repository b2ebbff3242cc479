using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class CpuReaderTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void First_reading_has_no_total_and_no_cores()
    {
        using var machine = new ProcFixture("typical");

        var cpu = new CpuReader(machine.Proc).Read();

        Assert.Null(cpu.Total);
        Assert.Empty(cpu.Cores);
    }

    [Fact]
    public void Second_reading_gives_shares_of_the_ticks_that_passed()
    {
        using var machine = new ProcFixture("typical");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        var total = reader.Read().Total;

        // 1000 ticks passed: user 300 + nice 100, system 100 + irq 20 + softirq 30, idle 350, iowait 50, steal 50.
        Assert.NotNull(total);
        Assert.Equal("cpu", total.Name);
        Assert.Equal(40, total.User, Precision);
        Assert.Equal(15, total.System, Precision);
        Assert.Equal(35, total.Idle, Precision);
        Assert.Equal(5, total.IoWait, Precision);
        Assert.Equal(5, total.Steal, Precision);
        Assert.Equal(60, total.Busy, Precision);
    }

    [Fact]
    public void Each_core_gets_its_own_shares()
    {
        using var machine = new ProcFixture("typical");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        var cores = reader.Read().Cores;

        Assert.Equal(["cpu0", "cpu1"], cores.Select(c => c.Name));
        Assert.Equal(55, cores[0].Busy, Precision);
        Assert.Equal(10, cores[0].System, Precision);
        Assert.Equal(65, cores[1].Busy, Precision);
        Assert.Equal(20, cores[1].System, Precision);
    }

    [Fact]
    public void A_core_that_came_online_between_readings_is_left_out_until_it_has_an_interval()
    {
        using var machine = new ProcFixture("typical");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        Assert.DoesNotContain(reader.Read().Cores, c => c.Name == "cpu2");
    }

    [Fact]
    public void Short_lines_of_old_kernels_without_steal_or_iowait_are_read()
    {
        using var machine = new ProcFixture("old-kernel");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        var cpu = reader.Read();

        // cpu (7 fields): user 100, system 40 + 5 + 5, idle 300, iowait 50 of 500 ticks.
        Assert.NotNull(cpu.Total);
        Assert.Equal(20, cpu.Total.User, Precision);
        Assert.Equal(10, cpu.Total.System, Precision);
        Assert.Equal(10, cpu.Total.IoWait, Precision);
        Assert.Equal(0, cpu.Total.Steal, Precision);
        Assert.Equal(30, cpu.Total.Busy, Precision);
        // cpu0 (4 fields): user 50, system 50, idle 150 of 250 ticks.
        var core = Assert.Single(cpu.Cores);
        Assert.Equal(40, core.Busy, Precision);
    }

    [Fact]
    public void Counters_that_went_back_give_no_total_and_drop_that_core()
    {
        using var machine = new ProcFixture("wrap");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        var cpu = reader.Read();

        Assert.Null(cpu.Total);
        Assert.DoesNotContain(cpu.Cores, c => c.Name == "cpu0");
    }

    [Fact]
    public void Iowait_going_back_a_little_counts_as_zero_not_as_a_negative_share()
    {
        using var machine = new ProcFixture("wrap");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Advance();

        // cpu1: user +100, system +100, idle +200, iowait 100 -> 90.
        var core = Assert.Single(reader.Read().Cores);
        Assert.Equal("cpu1", core.Name);
        Assert.Equal(0, core.IoWait, Precision);
        Assert.Equal(50, core.Idle, Precision);
        Assert.Equal(50, core.Busy, Precision);
    }

    [Fact]
    public void Unparsable_cpu_line_is_skipped()
    {
        using var machine = new ProcFixture("typical");
        machine.Write("proc/stat", "cpu  1 2 x 4\ncpu0 1 0 1 10 0 0 0 0\n");
        var reader = new CpuReader(machine.Proc);
        reader.Read();
        machine.Write("proc/stat", "cpu  1 2 x 4\ncpu0 2 0 1 11 0 0 0 0\n");

        var cpu = reader.Read();

        Assert.Null(cpu.Total);
        Assert.Equal(50, Assert.Single(cpu.Cores).Busy, Precision);
    }
}

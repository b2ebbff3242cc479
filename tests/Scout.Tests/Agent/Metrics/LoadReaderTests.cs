using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class LoadReaderTests
{
    [Fact]
    public void Reads_averages_and_task_counts()
    {
        using var machine = new ProcFixture("typical");

        var load = new LoadReader(machine.Proc).Read();

        Assert.Equal(0.52, load.One);
        Assert.Equal(0.58, load.Five);
        Assert.Equal(1.25, load.Fifteen);
        Assert.Equal(3, load.Running);
        Assert.Equal(345, load.Tasks);
    }

    [Fact]
    public void Keeps_the_newest_pid_from_the_last_field()
    {
        using var machine = new ProcFixture("typical");
        var reader = new LoadReader(machine.Proc);

        reader.Read();

        Assert.Equal(12345, reader.NewestPid);
    }

    [Fact]
    public void The_newest_pid_is_read_before_the_closing_newline()
    {
        LoadReader.Parse("1.09 0.90 0.81 3/78 29463\n", out var newestPid);

        Assert.Equal(29463, newestPid);
    }

    [Fact]
    public void A_loadavg_without_the_newest_pid_gives_none()
    {
        LoadReader.Parse("0.52 0.58 1.25 3/345", out var newestPid);

        Assert.Null(newestPid);
    }

    [Fact]
    public void Malformed_loadavg_gives_a_clear_error()
    {
        var error = Assert.Throws<FormatException>(() => LoadReader.Parse("0.1 0.2 0.3 garbage"));

        Assert.Contains("/proc/loadavg", error.Message);
    }
}

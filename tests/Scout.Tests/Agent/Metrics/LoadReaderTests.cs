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
    public void Malformed_loadavg_gives_a_clear_error()
    {
        var error = Assert.Throws<FormatException>(() => LoadReader.Parse("0.1 0.2 0.3 garbage"));

        Assert.Contains("/proc/loadavg", error.Message);
    }
}

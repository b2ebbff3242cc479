using Scout.Agent.Hosting;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Reporting;

public sealed class ReportSettingsSpecs
{
    private static AgentOptions Options(LocalBufferSettings buffer, TimeSpan interval) => new()
    {
        Servers = [new Uri("http://127.0.0.1:9")],
        Key = "k",
        Buffer = buffer,
        Report = new ReportSettings(true, interval, Path.Combine(Path.GetTempPath(), "scout-tests", "unused-spool"), TimeSpan.FromDays(7), TimeSpan.FromSeconds(5)),
    };

    [Fact]
    public async Task Reports_without_a_buffer_are_refused_at_start_because_the_buffer_is_their_only_reader()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AgentHost.StartAsync(Options(LocalBufferSettings.Default with { Enabled = false }, TimeSpan.FromMinutes(1)), new FakeMetricsSource()));

        Assert.Contains("local buffer", error.Message);
    }

    [Fact]
    public async Task A_report_interval_longer_than_the_buffer_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AgentHost.StartAsync(Options(LocalBufferSettings.Default, TimeSpan.FromMinutes(10)), new FakeMetricsSource()));

        Assert.Contains("at least one report interval", error.Message);
    }

    [Fact]
    public void The_spool_holds_its_max_age_in_intervals() =>
        Assert.Equal(10_080, new ReportSettings(true, TimeSpan.FromMinutes(1), "x", TimeSpan.FromDays(7), TimeSpan.FromSeconds(5)).SpoolCapacity);
}

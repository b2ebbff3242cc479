using System.Text.Json;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class SampleCommandTests
{
    [Fact]
    public async Task Json_output_is_a_sample_of_this_machine_with_rates()
    {
        var output = new StringWriter();

        var exitCode = await SampleCommand.RunAsync(output, json: true, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var sample = JsonSerializer.Deserialize<MetricsSample>(output.ToString(), MetricsJson.Options);
        Assert.NotNull(sample);
        Assert.NotNull(sample.Cpu.Total);
        Assert.InRange(sample.IntervalMs, 900, 60_000);
        Assert.Contains("\n  \"cpu\":", output.ToString()); // indented, camelCase
    }
}

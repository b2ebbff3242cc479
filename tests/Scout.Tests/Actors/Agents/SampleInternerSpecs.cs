using System.Text.Json;
using Scout.Actors.Agents;
using Scout.Actors.Metrics;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.Agents;

public sealed class SampleInternerSpecs
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Each sample off the wire has its own string copies, like the hub's deserializer gives them.
    private static MetricsSample OffTheWire(long time) =>
        JsonSerializer.Deserialize<MetricsSample>(JsonSerializer.Serialize(Samples.At("srv-1", time), Web), Web)!;

    [Fact]
    public void Consecutive_samples_share_their_repeated_strings_and_keep_every_value()
    {
        var interner = new SampleInterner();
        var first = interner.Intern(OffTheWire(1000));
        var secondOffTheWire = OffTheWire(2000);
        var second = interner.Intern(secondOffTheWire);

        Assert.NotSame(secondOffTheWire.Processes[0].Command, first.Processes[0].Command);
        Assert.Same(first.Processes[0].Command, second.Processes[0].Command);
        Assert.Same(first.ServerId, second.ServerId);
        Assert.Same(first.Cpu.Cores[0].Name, second.Cpu.Cores[0].Name);
        Assert.Same(first.Filesystems[0].Device, second.Filesystems[0].Device);
        Assert.Equal(JsonSerializer.Serialize(secondOffTheWire, Web), JsonSerializer.Serialize(second, Web));
    }
}

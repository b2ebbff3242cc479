using System.Text.Json;
using Scout.Actors.AgentWire;
using Xunit;

namespace Scout.Tests.Actors.AgentWire;

public sealed class MetricsJsonTests
{
    private static MetricsSample Sample() => new(
        "srv-1",
        1_795_000_000_000,
        1000,
        new CpuStats(new CpuUsage("cpu", 40, 15, 5, 5, 35, 60), [new CpuUsage("cpu0", 1, 2, 3, 4, 90, 7)]),
        new MemoryStats(16, 10, 6, 4, 1, 8, 2),
        new LoadStats(0.5, 0.25, 1.5, 2, 300),
        [new DiskStats("sda", 1024, null, 1, 2, 25)],
        [new FilesystemStats("/", "/dev/sda1", "ext4", 100, 60, 35)],
        [new NetworkStats("eth0", 1, 2, 3, 4, 0, 0, null, null)],
        [new ProcessStats(1, "systemd", "/sbin/init", "root", "S", null, 4096, 1)]);

    [Fact]
    public void A_sample_round_trips_through_the_shared_options()
    {
        var original = Sample();

        var copy = JsonSerializer.Deserialize<MetricsSample>(JsonSerializer.Serialize(original, MetricsJson.Options), MetricsJson.Options);

        Assert.NotNull(copy);
        // Records compare lists by reference, so compare the JSON of both.
        Assert.Equal(JsonSerializer.Serialize(original, MetricsJson.Options), JsonSerializer.Serialize(copy, MetricsJson.Options));
        Assert.Equal(original.Cpu.Total, copy.Cpu.Total);
        Assert.Equal(original.Processes[0], copy.Processes[0]);
        Assert.Equal(original.Disks[0], copy.Disks[0]);
    }

    [Fact]
    public void Names_are_camel_case()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Sample(), MetricsJson.Options));

        var root = json.RootElement;
        Assert.Equal("srv-1", root.GetProperty("serverId").GetString());
        Assert.Equal(60, root.GetProperty("cpu").GetProperty("total").GetProperty("busy").GetDouble());
        Assert.Equal(1024, root.GetProperty("disks")[0].GetProperty("readBytesPerSec").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("processes")[0].GetProperty("cpuPercent").ValueKind);
    }

    [Fact]
    public void The_shared_options_cannot_be_changed_by_a_consumer()
    {
        Assert.Throws<InvalidOperationException>(() => MetricsJson.Options.WriteIndented = true);
    }
}

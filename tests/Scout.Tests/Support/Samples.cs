using Scout.Actors.AccountSessions;
using Scout.Actors.AgentWire;

namespace Scout.Tests.Support;

/// <summary>Small, valid samples for actor tests (the real readers are tested on /proc fixtures).</summary>
public static class Samples
{
    public static MetricsSample At(string serverId, long time) => new(
        serverId, time, 1000,
        new CpuStats(new CpuUsage("cpu", 10, 5, 1, 0, 84, 15), [new CpuUsage("cpu0", 10, 5, 1, 0, 84, 15)]),
        new MemoryStats(8L << 30, 4L << 30, 4L << 30, 1L << 30, 1L << 28, 0, 0),
        new LoadStats(0.5, 0.4, 0.3, 1, 200),
        [new DiskStats("sda", 1000, 2000, 1, 2, 3)],
        [new FilesystemStats("/", "/dev/sda1", "ext4", 100L << 30, 40L << 30, 60L << 30)],
        [new NetworkStats("eth0", 100, 200, 1, 2, 0, 0, 0, 0)],
        [new ProcessStats(1, "init", "/sbin/init", "root", "S", 0.1, 10 << 20, 1)]);

    /// <summary>The same sample as sessions and bridges carry it: checked and encoded by the proxy.</summary>
    public static EncodedSample Encoded(string serverId, long time) => EncodedSample.Encode(At(serverId, time));

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

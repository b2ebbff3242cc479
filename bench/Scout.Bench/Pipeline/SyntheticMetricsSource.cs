using System.Collections.Concurrent;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

namespace Scout.Bench.Pipeline;

/// <summary>
/// A machine of realistic shape (8 cores, 2 disks, 3 interfaces, 15 processes) whose values wander a
/// little each reading, stamped with the current time. Remembers the precise time of every reading so the
/// bench can measure latency below the millisecond that <see cref="MetricsSample.Time"/> is rounded to,
/// and so it knows which samples this agent sent in a window.
/// </summary>
public sealed class SyntheticMetricsSource : IMetricsSource
{
    private static readonly string[] ProcessNames =
        ["nginx", "postgres", "dotnet", "redis-server", "sshd", "systemd", "cron", "node", "java", "python3",
         "containerd", "dockerd", "rsyslogd", "chronyd", "scout-agent"];

    private readonly Random _random;
    private readonly ConcurrentDictionary<long, double> _preciseTimes = new();
    private readonly ConcurrentQueue<long> _order = new();
    private long _previous;

    public SyntheticMetricsSource(int seed) => _random = new Random(seed);

    /// <summary>Sampling times (Unix ms) of every reading still remembered, oldest first.</summary>
    public IEnumerable<long> Times => _order;

    public int Readings => _order.Count;

    /// <summary>The reading's time in Unix milliseconds with sub-millisecond precision, if remembered.</summary>
    public bool TryPreciseTime(long time, out double precise) => _preciseTimes.TryGetValue(time, out precise);

    public MetricsSample Read()
    {
        double precise;
        long time;
        lock (_random)
        {
            precise = Clock.UnixMs();
            time = (long)precise;
            // Two readings within one millisecond would share a key; never happens at 1 Hz, guard anyway.
            if (time <= _previous)
                time = _previous + 1;
            _previous = time;
        }
        _preciseTimes[time] = precise;
        _order.Enqueue(time);
        return Build(time);
    }

    private MetricsSample Build(long time)
    {
        double R(double max) => Math.Round(_random.NextDouble() * max, 2);
        var cores = Enumerable.Range(0, 8).Select(i => Usage("cpu" + i, R(60), R(20))).ToArray();
        var disks = new[] { "sda", "nvme0n1" }
            .Select(d => new DiskStats(d, R(5e6), R(2e7), R(300), R(900), R(40))).ToArray();
        var filesystems = new[]
        {
            new FilesystemStats("/", "/dev/sda1", "ext4", 100_000_000_000, 42_000_000_000 + (long)R(1e6), 53_000_000_000),
            new FilesystemStats("/data", "/dev/nvme0n1p1", "xfs", 500_000_000_000, 210_000_000_000, 290_000_000_000),
        };
        var network = new[] { "lo", "eth0", "eth1" }
            .Select(n => new NetworkStats(n, R(1e7), R(1e7), R(9000), R(9000), 0, 0, R(1), 0)).ToArray();
        var processes = ProcessNames
            .Select((name, i) => new ProcessStats(1000 + i, name, $"/usr/bin/{name} --config /etc/{name}.conf", i % 3 == 0 ? "root" : "www-data",
                "S", R(30), 50_000_000 + (long)R(4e8), 1 + i % 12))
            .ToArray();
        return new MetricsSample(
            "", time, 1000,
            new CpuStats(Usage("cpu", R(40), R(10)), cores),
            new MemoryStats(16_000_000_000, 9_000_000_000 + (long)R(1e9), 6_000_000_000, 3_000_000_000, 200_000_000, 2_000_000_000, 0),
            new LoadStats(R(4), R(3), R(2), 1 + (int)R(4), 300 + (int)R(50)),
            disks, filesystems, network, processes);
    }

    // Shares that add up to 100 as /proc's do. (Busy was 100 - idle - io wait with idle = 100 - user - system: on
    // a reading of almost nothing, busy came out at -0.1 and the node rightly dropped it, two samples a run.)
    private static CpuUsage Usage(string name, double user, double system)
    {
        const double ioWait = 0.1;
        var idle = Math.Round(100 - user - system - ioWait, 2);
        return new CpuUsage(name, user, system, ioWait, 0, idle, Math.Round(user + system, 2));
    }
}

/// <summary>Wall clock in Unix milliseconds with the resolution of <see cref="DateTime.UtcNow"/> (ticks).</summary>
public static class Clock
{
    public static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;
}

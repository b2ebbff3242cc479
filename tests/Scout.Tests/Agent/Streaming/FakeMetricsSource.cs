using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

namespace Scout.Tests.Agent.Streaming;

/// <summary>Test double of the /proc reader: counts readings, stamps the current time, can be told to fail.</summary>
internal sealed class FakeMetricsSource : IMetricsSource
{
    private int _reads;
    private readonly Func<int, bool> _failOn;

    public FakeMetricsSource(Func<int, bool>? failOn = null) => _failOn = failOn ?? (_ => false);

    public int Reads => Volatile.Read(ref _reads);

    public MetricsSample Read()
    {
        var n = Interlocked.Increment(ref _reads);
        if (_failOn(n)) throw new IOException($"reading {n} failed on purpose");
        return Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    public static MetricsSample Sample(long time) => new(
        ServerId: "",
        Time: time,
        IntervalMs: 1000,
        Cpu: new CpuStats(null, []),
        Memory: new MemoryStats(1, 1, 0, 0, 0, 0, 0),
        Load: new LoadStats(0, 0, 0, 1, 1),
        Disks: [],
        Filesystems: [],
        Network: [],
        Processes: []);
}

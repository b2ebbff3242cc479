using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// A machine the page specs know by heart, read by a real agent in place of /proc: a given number of
/// processes with distinct figures (one with a long command line), two network interfaces besides the
/// loopback, two disks. <see cref="Silent"/> makes every reading fail, so the agent stays connected and
/// sends nothing: a stream that stalls.
/// </summary>
public sealed class ScriptedMachine(int processes = 60) : IMetricsSource
{
    /// <summary>A command line longer than any table cell is wide: the process of <see cref="LongCommandPid"/>.</summary>
    public static readonly string LongCommand =
        "/usr/bin/python3 -m scripted.worker --queue=reports --concurrency=8 --log-format=json "
        + string.Join(' ', Enumerable.Range(1, 12).Select(i => $"--include=/srv/data/partition-{i:00}/incoming"));

    public const int LongCommandPid = 100;

    private volatile bool _silent;

    public bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    public MetricsSample Read()
    {
        if (_silent)
            throw new IOException("the scripted machine is silent on purpose");
        return new MetricsSample(
            ServerId: "",
            Time: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            IntervalMs: 1000,
            Cpu: new CpuStats(new CpuUsage("cpu", 20, 10, 2, 0, 68, 30),
                [.. Enumerable.Range(0, 4).Select(i => new CpuUsage($"cpu{i}", 20, 10, 2, 0, 68, 30))]),
            Memory: new MemoryStats(16L << 30, 10L << 30, 6L << 30, 4L << 30, 1L << 28, 2L << 30, 0),
            Load: new LoadStats(1.5, 1.2, 0.9, 2, processes),
            Disks:
            [
                new DiskStats("sda", 4 << 20, 1 << 20, 40, 10, 12.5),
                new DiskStats("nvme0n1", 0, 512 << 10, 0, 64, 3),
            ],
            Filesystems: [new FilesystemStats("/", "/dev/sda1", "ext4", 100L << 30, 40L << 30, 60L << 30)],
            Network:
            [
                new NetworkStats("lo", 9 << 20, 9 << 20, 100, 100, 0, 0, 0, 0),
                new NetworkStats("eth0", 1536 << 10, 256 << 10, 1200, 300, 0, 0, 1, 0),
                new NetworkStats("wlan0", 2 << 10, 1 << 10, 4, 2, 0, 0, 0, 0),
            ],
            Processes: [.. Enumerable.Range(0, processes).Select(Process)]);
    }

    // Every figure differs from process to process, so each sort order is one order. The users are not in
    // pid order and the commands not in user order, so one sort cannot pass for another.
    private static ProcessStats Process(int i) => new(
        Pid: LongCommandPid + i,
        Name: $"proc-{i:00}",
        Command: i == 0 ? LongCommand : $"/usr/bin/{(char)('z' - i % 26)}-service-{i:00} --serve",
        User: (i % 3) switch { 0 => "root", 1 => "www-data", _ => "alice" },
        State: i % 5 == 0 ? "R" : "S",
        CpuPercent: (i * 37 % 97) + 0.5,
        Rss: (long)(i * 53 % 101 + 1) << 20,
        Threads: 1 + i % 8);
}


namespace Scout.Actors.AgentWire;

// One reading of a machine. Rates (per second) and CPU percentages come from the difference to the
// previous reading; where there was no previous reading of a counter the rate is null, never a guess.
// JSON names are camelCase of these properties and documented in docs/metrics.md.

/// <summary>A full sample of one server, as the agent took it.</summary>
/// <param name="ServerId">Stamped by the agent once the server has told it which server it is; empty before.</param>
/// <param name="Time">The agent's sampling time, Unix milliseconds.</param>
/// <param name="IntervalMs">Milliseconds since the previous reading the rates are computed over (0 on the first).</param>
public sealed record MetricsSample(
    string ServerId,
    long Time,
    long IntervalMs,
    CpuStats Cpu,
    MemoryStats Memory,
    LoadStats Load,
    IReadOnlyList<DiskStats> Disks,
    IReadOnlyList<FilesystemStats> Filesystems,
    IReadOnlyList<NetworkStats> Network,
    IReadOnlyList<ProcessStats> Processes);

/// <summary>CPU use in percent (0-100) over the interval; <c>Total</c> is null on the first reading.</summary>
public sealed record CpuStats(CpuUsage? Total, IReadOnlyList<CpuUsage> Cores);

/// <summary>Shares of one CPU (or all of them) in percent. <c>Busy</c> = 100 - idle - iowait.</summary>
public sealed record CpuUsage(string Name, double User, double System, double IoWait, double Steal, double Idle, double Busy);

/// <summary>Memory in bytes.</summary>
public sealed record MemoryStats(long Total, long Available, long Used, long Cached, long Buffers, long SwapTotal, long SwapUsed);

/// <summary>Load averages and task counts, as in /proc/loadavg.</summary>
public sealed record LoadStats(double One, double Five, double Fifteen, int Running, int Tasks);

/// <summary>One block device; every rate is per second, <c>BusyPercent</c> is the share of time with IO in flight.</summary>
public sealed record DiskStats(
    string Name,
    double? ReadBytesPerSec,
    double? WriteBytesPerSec,
    double? ReadOpsPerSec,
    double? WriteOpsPerSec,
    double? BusyPercent);

/// <summary>One mounted filesystem in bytes; <c>Free</c> is what an unprivileged user may still write.</summary>
public sealed record FilesystemStats(string Mount, string Device, string Type, long Size, long Used, long Free);

/// <summary>One network interface; every figure is per second.</summary>
public sealed record NetworkStats(
    string Name,
    double? RxBytesPerSec,
    double? TxBytesPerSec,
    double? RxPacketsPerSec,
    double? TxPacketsPerSec,
    double? RxErrorsPerSec,
    double? TxErrorsPerSec,
    double? RxDropsPerSec,
    double? TxDropsPerSec);

/// <summary>One process, like a row of <c>top</c>. <c>CpuPercent</c> is of one core (may exceed 100 with threads).</summary>
public sealed record ProcessStats(
    int Pid,
    string Name,
    string Command,
    string User,
    string State,
    double? CpuPercent,
    long Rss,
    int Threads);

using Scout.Actors.Observability;
using Scout.Actors.AgentWire;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// Values no machine can have: negative sizes and counters, CPU shares outside 0-100, numbers that are not
/// finite (a <c>1e400</c> literal reads as Infinity), sampling times far from the server's clock. Checked once,
/// where a sample enters the node (the agent's proxy), after <see cref="SampleLimits.Check"/> found every part
/// present. The answer is one of a fixed set of reasons (constant strings, so the proxy logs each once and
/// nothing is allocated per sample); the hot path is a few comparisons per figure.
/// </summary>
public static class SampleBounds
{
    /// <summary>How old a sample may be: a backfill carries the agent's buffer (5 min by default), a little late.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    /// <summary>Rounding slack on a share computed from counters (100 - idle - iowait and the like).</summary>
    public const double PercentSlack = 0.01;

    /// <summary>
    /// A process's share is measured by the agent as CPU ticks (1/100 s) over its own clock between two reads: a tick
    /// either way and the read's jitter put a process that keeps every core busy a few percent above "every core"
    /// (204 % on two cores is a real reading). Dropping that sample would drop the busiest moments of the busiest
    /// machines, when people watch; 10 % over plus a point is still a measurement, 150 % of one core is not.
    /// </summary>
    public const double ProcessCpuJitter = 0.10;

    /// <summary>How every reason below begins, so counters can label them all with one word.</summary>
    public const string ImpossibleValue = SampleDropReasons.ImpossibleValuePrefix;

    public const string TooOld = "impossible value: sampling time more than 1 hour before the server's clock";
    public const string BadInterval = "impossible value: negative or over a day interval";
    public const string BadCpu = "impossible value: cpu share not a number in 0-100";
    public const string BadMemory = "impossible value: memory figure negative or above the total";
    public const string BadLoad = "impossible value: load not a finite non-negative number";
    public const string BadDisk = "impossible value: disk rate negative or not finite, or busy share outside 0-100";
    public const string BadFilesystem = "impossible value: filesystem size negative or used above size";
    public const string BadNetwork = "impossible value: network rate negative or not finite";
    public const string BadProcess = "impossible value: process pid, memory, threads or cpu share out of range";

    private static readonly long MaxIntervalMs = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    /// <summary>The reason the sample's figures are impossible, or null. The sample must be complete.</summary>
    public static string? Check(MetricsSample s, long nowUnixMs)
    {
        if (s.Time < nowUnixMs - (long)MaxAge.TotalMilliseconds) return TooOld;
        if (s.IntervalMs < 0 || s.IntervalMs > MaxIntervalMs) return BadInterval;

        var cores = s.Cpu.Cores;
        if (s.Cpu.Total is { } total && !CpuOk(total)) return BadCpu;
        for (var i = 0; i < cores.Count; i++)
            if (!CpuOk(cores[i])) return BadCpu;

        var m = s.Memory;
        if (m.Total < 0 || m.Available < 0 || m.Used < 0 || m.Cached < 0 || m.Buffers < 0 || m.SwapTotal < 0 || m.SwapUsed < 0
            || m.Available > m.Total || m.Used > m.Total || m.SwapUsed > m.SwapTotal)
            return BadMemory;

        var l = s.Load;
        if (!NonNegative(l.One) || !NonNegative(l.Five) || !NonNegative(l.Fifteen) || l.Running < 0 || l.Tasks < 0) return BadLoad;

        for (var i = 0; i < s.Disks.Count; i++)
        {
            var d = s.Disks[i];
            if (!Rate(d.ReadBytesPerSec) || !Rate(d.WriteBytesPerSec) || !Rate(d.ReadOpsPerSec) || !Rate(d.WriteOpsPerSec)
                || (d.BusyPercent is { } busy && !Percent(busy)))
                return BadDisk;
        }
        for (var i = 0; i < s.Filesystems.Count; i++)
        {
            var f = s.Filesystems[i];
            if (f.Size < 0 || f.Used < 0 || f.Free < 0 || f.Used > f.Size || f.Free > f.Size) return BadFilesystem;
        }
        for (var i = 0; i < s.Network.Count; i++)
        {
            var n = s.Network[i];
            if (!Rate(n.RxBytesPerSec) || !Rate(n.TxBytesPerSec) || !Rate(n.RxPacketsPerSec) || !Rate(n.TxPacketsPerSec)
                || !Rate(n.RxErrorsPerSec) || !Rate(n.TxErrorsPerSec) || !Rate(n.RxDropsPerSec) || !Rate(n.TxDropsPerSec))
                return BadNetwork;
        }
        var maxProcessCpu = MaxProcessCpu(cores.Count);
        for (var i = 0; i < s.Processes.Count; i++)
        {
            if (!ProcessOk(s.Processes[i], maxProcessCpu))
                return BadProcess;
        }
        return null;
    }

    /// <summary>
    /// The most a process's share (of one core) may read: its threads can take every core of the machine, never more,
    /// but for the measurement's jitter (<see cref="ProcessCpuJitter"/>).
    /// </summary>
    public static double MaxProcessCpu(int cores) => 100.0 * Math.Max(1, cores) * (1 + ProcessCpuJitter) + 1;

    /// <summary>A process's pid, memory and threads not negative, its share (when known) within <paramref name="maxCpu"/>.</summary>
    public static bool ProcessOk(ProcessStats p, double maxCpu) =>
        p.Pid >= 0 && p.Rss >= 0 && p.Threads >= 0 && (p.CpuPercent is not { } cpu || (NonNegative(cpu) && cpu <= maxCpu));

    /// <summary>A share in percent: finite, 0-100 (with rounding slack).</summary>
    public static bool Percent(double value) => value >= -PercentSlack && value <= 100 + PercentSlack;

    /// <summary>Finite and not negative (NaN fails every comparison, so it fails here).</summary>
    public static bool NonNegative(double value) => value >= 0 && value <= double.MaxValue;

    private static bool Rate(double? value) => value is not { } v || NonNegative(v);

    private static bool CpuOk(CpuUsage c) =>
        Percent(c.User) && Percent(c.System) && Percent(c.IoWait) && Percent(c.Steal) && Percent(c.Idle) && Percent(c.Busy);
}

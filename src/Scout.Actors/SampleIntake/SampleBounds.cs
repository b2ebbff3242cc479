using Scout.Actors.Observability;
using Scout.Actors.AgentWire;

namespace Scout.Actors.SampleIntake;

/// <summary>
/// Values no machine can have: negative sizes and counters, CPU shares outside 0-100, numbers that are not
/// finite (a <c>1e400</c> literal reads as Infinity), sampling times far from the server's clock. Checked once,
/// where a sample enters the node: while <see cref="AgentSampleReader"/> reads it, and its time by
/// <see cref="SampleLimits.Check"/>. The minute reports' checks share these rules. The answer is one of a fixed set
/// of reasons (constant strings, so the proxy logs each once and nothing is allocated per sample).
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

}

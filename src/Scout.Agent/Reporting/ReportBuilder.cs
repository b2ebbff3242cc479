using System.Security.Cryptography;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Reporting;

/// <summary>Turns a window of 1-second samples into a <see cref="MinuteReport"/>. Pure: no clock, no IO.</summary>
public static class ReportBuilder
{
    /// <summary>Id that sorts by window end and stays unique across restarts: 12 hex digits of time, 8 random.</summary>
    public static string NewId(long timeUnixMs) =>
        $"{timeUnixMs:x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <returns>Null when the window holds no sample (nothing true to report).</returns>
    public static MinuteReport? Build(string reportId, long from, long time, long intervalMs, IReadOnlyList<MetricsSample> window)
    {
        if (window.Count == 0) return null;
        var last = window[^1];

        var cores = window.SelectMany(s => s.Cpu.Cores)
            .GroupBy(c => c.Name)
            .Select(g => new NamedStat(g.Key, g.Average(c => c.Busy), g.Max(c => c.Busy)))
            .ToArray();
        var filesystems = window.SelectMany(s => s.Filesystems)
            .GroupBy(f => f.Mount)
            .Select(g => new FilesystemUse(g.Key, g.Last().Size, g.Average(f => (double)f.Used), g.Max(f => f.Used), g.Last().Type))
            .ToArray();

        return new MinuteReport(
            reportId, "", time, from, intervalMs, window.Count,
            StatOf(window.Select(s => s.Cpu.Total?.Busy)),
            cores,
            StatOf(window.Select(s => (double)s.Memory.Used))!,
            StatOf(window.Select(s => (double)s.Memory.Available))!,
            StatOf(window.Select(s => (double)s.Memory.SwapUsed))!,
            StatOf(window.Select(s => s.Load.One))!,
            StatOf(window.Select(s => s.Load.Five))!,
            StatOf(window.Select(s => s.Load.Fifteen))!,
            StatOf(window.Select(s => Sum(s.Disks.Select(d => d.ReadBytesPerSec)))),
            StatOf(window.Select(s => Sum(s.Disks.Select(d => d.WriteBytesPerSec)))),
            StatOf(window.Select(s => Sum(s.Network.Select(n => n.RxBytesPerSec)))),
            StatOf(window.Select(s => Sum(s.Network.Select(n => n.TxBytesPerSec)))),
            filesystems,
            TopProcesses(last.Processes),
            CpuUser: StatOf(window.Select(s => s.Cpu.Total?.User)),
            CpuSystem: StatOf(window.Select(s => s.Cpu.Total?.System)),
            CpuIoWait: StatOf(window.Select(s => s.Cpu.Total?.IoWait)),
            MemoryCached: StatOf(window.Select(s => (double)s.Memory.Cached)));
    }

    /// <summary>
    /// The busiest processes of the last reading by CPU (unknown share last), each command cut to a bound: a report
    /// is stored once a minute for 30 days, so its size must not follow what a machine happens to run.
    /// </summary>
    public static IReadOnlyList<ProcessStats> TopProcesses(IReadOnlyList<ProcessStats> processes) =>
        processes
            .OrderByDescending(p => p.CpuPercent ?? -1)
            .ThenByDescending(p => p.Rss)
            .Take(MinuteReportBounds.Processes)
            .Select(p => p.Command.Length <= MinuteReportBounds.CommandLength
                ? p
                : p with { Command = string.Concat(p.Command.AsSpan(0, MinuteReportBounds.CommandLength - 1), "…") })
            .ToArray();

    private static Stat? StatOf(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : new Stat(present.Average(), present.Max());
    }

    private static Stat? StatOf(IEnumerable<double> values) => StatOf(values.Select(v => (double?)v));

    // A rate summed over devices exists only when at least one device had one (the first reading has none).
    private static double? Sum(IEnumerable<double?> rates)
    {
        double? total = null;
        foreach (var rate in rates)
            if (rate.HasValue) total = (total ?? 0) + rate.Value;
        return total;
    }
}

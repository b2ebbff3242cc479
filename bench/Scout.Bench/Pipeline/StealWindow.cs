using System.Globalization;

namespace Scout.Bench.Pipeline;

/// <summary>
/// The share of the machine's CPU time the hypervisor gave to others (steal, from the first line of /proc/stat)
/// between two points in time. On a shared VM a run with steal is not a run on a quiet machine: on 2026-12-08 one
/// window had 13-26 % steal and its p99 was three times that of the runs beside it (docs/benchmarks.md).
/// </summary>
public sealed class StealWindow
{
    private readonly (long Steal, long Total) _start = Read();

    /// <summary>Steal as a percentage of all CPU time since the window began (0 on a machine that reports none).</summary>
    public double Percent()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        return total <= 0 ? 0 : 100.0 * (end.Steal - _start.Steal) / total;
    }

    private static (long Steal, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in ticks; guest time is already
        // counted in user and nice.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Length > 7 ? ticks[7] : 0, ticks.Sum());
    }
}

using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// CPU shares from /proc/stat. The kernel gives cumulative ticks per state; a share is the state's
/// part of all ticks that passed since the previous reading, so the first reading has none.
/// </summary>
public sealed class CpuReader(string procDirectory) : ProcFileReader<CpuStats>(procDirectory, "stat")
{
    private Dictionary<string, CpuTicks> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, CpuTicks> _current = new(StringComparer.Ordinal);

    protected override CpuStats ReadFrom(ReadOnlySpan<char> text)
    {
        _current.Clear();
        var cores = new List<CpuUsage>();
        CpuUsage? total = null;
        foreach (var line in text.EnumerateLines())
        {
            if (!line.StartsWith("cpu") || !CpuTicks.TryParse(line, out var name, out var ticks))
            {
                continue;
            }
            // One string per cpu line and reading; reuse the previous reading's instance when equal.
            var key = FindKey(name) ?? name.ToString();
            _current[key] = ticks;
            if (!_previous.TryGetValue(key, out var before))
            {
                continue; // first reading of this cpu (or a core just brought online): no share yet
            }
            var usage = CpuTicks.Usage(key, before, ticks);
            if (key == "cpu")
            {
                total = usage;
            }
            else if (usage is not null)
            {
                cores.Add(usage);
            }
        }
        (_previous, _current) = (_current, _previous);
        return new CpuStats(total, cores);
    }

    private string? FindKey(ReadOnlySpan<char> name)
    {
        var lookup = _previous.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(name, out var key, out _) ? key : null;
    }
}

/// <summary>Cumulative ticks of one cpu line. Missing trailing fields (old kernels) count as 0.</summary>
public readonly record struct CpuTicks(ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    public ulong Sum => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>
    /// Parses "cpu[N] user nice system idle [iowait irq softirq [steal [guest [guest_nice]]]]".
    /// Guest time is already part of user time in the kernel's accounting, so it is not added again.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out ReadOnlySpan<char> name, out CpuTicks ticks)
    {
        var rest = line;
        name = ProcText.NextField(ref rest);
        ticks = default;
        Span<ulong> values = stackalloc ulong[8];
        if (!ProcText.TryParseCounters(ref rest, values, out var count))
        {
            return false;
        }
        if (count < 4)
        {
            return false;
        }
        ticks = new CpuTicks(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        return true;
    }

    /// <summary>
    /// Shares over the interval, or null when the counters went back as a whole (a core went offline
    /// and came back) or no tick passed. A single state going back a little is a known kernel quirk
    /// (iowait and idle on tickless kernels, see proc(5)); that state counts as 0 for the interval.
    /// </summary>
    public static CpuUsage? Usage(string name, CpuTicks before, CpuTicks after)
    {
        if (after.Sum <= before.Sum)
        {
            return null;
        }
        var user = Delta(before.User, after.User) + Delta(before.Nice, after.Nice);
        var system = Delta(before.System, after.System) + Delta(before.Irq, after.Irq) + Delta(before.SoftIrq, after.SoftIrq);
        var idle = Delta(before.Idle, after.Idle);
        var ioWait = Delta(before.IoWait, after.IoWait);
        var steal = Delta(before.Steal, after.Steal);
        double all = user + system + idle + ioWait + steal;
        if (all <= 0)
        {
            return null;
        }
        var idlePercent = idle * 100.0 / all;
        var ioWaitPercent = ioWait * 100.0 / all;
        return new CpuUsage(
            name,
            User: user * 100.0 / all,
            System: system * 100.0 / all,
            IoWait: ioWaitPercent,
            Steal: steal * 100.0 / all,
            Idle: idlePercent,
            Busy: Math.Max(0, 100.0 - idlePercent - ioWaitPercent));
    }

    private static ulong Delta(ulong before, ulong after) => after >= before ? after - before : 0;
}

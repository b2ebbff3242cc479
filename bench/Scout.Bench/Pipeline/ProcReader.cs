using System.Globalization;

namespace Scout.Bench.Pipeline;

/// <summary>
/// CPU time and memory of a process, or of several (the nodes of a cluster: their sum), read from /proc/&lt;pid&gt;
/// (Linux only).
/// </summary>
public sealed class ProcReader(params int[] pids)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ; 100 on every Linux the bench targets

    /// <summary>The first process.</summary>
    public int Pid { get; } = pids[0];

    public IReadOnlyList<int> Pids { get; } = pids;

    /// <summary>User + system CPU seconds the processes have used so far.</summary>
    public double CpuSeconds() => pids.Sum(CpuSecondsOf);

    private static double CpuSecondsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>Peak resident set (VmHWM) in MiB; of several processes, the sum of their peaks.</summary>
    public double PeakRssMiB() => pids.Sum(pid => StatusKiB(pid, "VmHWM:")) / 1024.0;

    public double RssMiB() => pids.Sum(pid => StatusKiB(pid, "VmRSS:")) / 1024.0;

    private static long StatusKiB(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}

/// <summary>CPU % of one core a process used between two points in time.</summary>
public sealed class CpuWindow
{
    private readonly ProcReader _proc;
    private double _cpu;
    private DateTime _wall;

    public CpuWindow(ProcReader proc)
    {
        _proc = proc;
        Restart();
    }

    public void Restart()
    {
        _cpu = _proc.CpuSeconds();
        _wall = DateTime.UtcNow;
    }

    public double PercentOfOneCore()
    {
        var seconds = (DateTime.UtcNow - _wall).TotalSeconds;
        return seconds <= 0 ? 0 : (_proc.CpuSeconds() - _cpu) / seconds * 100;
    }
}

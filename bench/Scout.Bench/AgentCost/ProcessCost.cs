using System.Globalization;

namespace Scout.Bench.AgentCost;

/// <summary>
/// CPU time and resident memory of a process and all its descendants, from /proc (stat utime+stime,
/// status VmRSS/VmHWM). Descendants count because netdata does its collecting in plugin child processes.
/// </summary>
public static class ProcessCost
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux x86_64/arm64

    /// <summary>One reading of a process tree.</summary>
    public readonly record struct Reading(double CpuSeconds, long RssBytes, long PeakRssBytes, int Processes);

    public static Reading Read(int rootPid)
    {
        var tree = Tree(rootPid);
        double cpu = 0;
        long rss = 0, peak = 0;
        foreach (var pid in tree)
        {
            if (TryStat(pid, out _, out var ticks))
            {
                cpu += ticks / TicksPerSecond;
            }
            rss += StatusKilobytes(pid, "VmRSS:") * 1024;
            peak += StatusKilobytes(pid, "VmHWM:") * 1024;
        }
        return new Reading(cpu, rss, peak, tree.Count);
    }

    /// <summary>The pid and every live descendant (by parent pid in /proc/[pid]/stat).</summary>
    private static List<int> Tree(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryStat(pid, out var parent, out _))
            {
                parents[pid] = parent;
            }
        }
        var tree = new List<int> { rootPid };
        for (var i = 0; i < tree.Count; i++)
        {
            foreach (var (pid, parent) in parents)
            {
                if (parent == tree[i])
                {
                    tree.Add(pid);
                }
            }
        }
        return tree;
    }

    private static bool TryStat(int pid, out int parent, out long ticks)
    {
        parent = 0;
        ticks = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        // Fields after "(comm)": state ppid ... utime(14) stime(15), numbered as in proc(5).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return true;
    }

    private static long StatusKilobytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}

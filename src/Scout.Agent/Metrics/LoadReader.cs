using System.Globalization;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>Load averages from /proc/loadavg: "0.52 0.58 0.59 2/345 12345".</summary>
public sealed class LoadReader(string procDirectory) : ProcFileReader<LoadStats>(procDirectory, "loadavg")
{
    /// <summary>
    /// The last field of the last reading: the pid most recently handed out in the reader's pid namespace,
    /// null when the file has none. Every new process or thread moves it, so while it stands still no
    /// process can have appeared.
    /// </summary>
    public long? NewestPid { get; private set; }

    protected override LoadStats ReadFrom(ReadOnlySpan<char> text)
    {
        var load = Parse(text, out var newestPid);
        NewestPid = newestPid;
        return load;
    }

    public static LoadStats Parse(ReadOnlySpan<char> loadavg) => Parse(loadavg, out _);

    /// <param name="newestPid">The fifth field, the newest pid; null when the file has none.</param>
    public static LoadStats Parse(ReadOnlySpan<char> loadavg, out long? newestPid)
    {
        var rest = loadavg;
        var one = Average(ProcText.NextField(ref rest));
        var five = Average(ProcText.NextField(ref rest));
        var fifteen = Average(ProcText.NextField(ref rest));
        var tasks = ProcText.NextField(ref rest);
        var slash = tasks.IndexOf('/');
        if (slash < 0
            || !int.TryParse(tasks[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var running)
            || !int.TryParse(tasks[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            throw new FormatException($"/proc/loadavg has no running/total field: '{loadavg.Trim()}'");
        }
        newestPid = long.TryParse(ProcText.NextField(ref rest).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
        return new LoadStats(one, five, fifteen, running, total);
    }

    private static double Average(ReadOnlySpan<char> field) =>
        double.TryParse(field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"/proc/loadavg has a load average that is not a number: '{field}'");
}

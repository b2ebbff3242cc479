using System.Globalization;

namespace Scout.Agent.Metrics;

/// <summary>The fields of /proc/[pid]/stat the agent uses (see proc(5) for the numbering).</summary>
public readonly record struct ProcStat(
    int CommStart, int CommLength, string State, ulong UserTicks, ulong SystemTicks, int Threads, ulong StartTime, ulong RssPages,
    bool KernelThread = false)
{
    /// <summary>PF_KTHREAD in the flags field: a kernel thread, with no command line and root's uid.</summary>
    public const ulong KernelThreadFlag = 0x00200000;

    // Field indexes counted from the state letter (field 3 in proc(5)).
    private const int FlagsIndex = 9 - 3;
    private const int UtimeIndex = 14 - 3;
    private const int StimeIndex = 15 - 3;
    private const int ThreadsIndex = 20 - 3;
    private const int StartTimeIndex = 22 - 3;
    private const int RssIndex = 24 - 3;

    private static readonly string[] States = CreateStates();

    /// <summary>
    /// "pid (comm) S ppid ...". comm may contain spaces and parentheses, so it ends at the last ')'.
    /// <c>CommStart</c>/<c>CommLength</c> locate comm in <paramref name="stat"/> so it is decoded only when it changed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> stat, out ProcStat result)
    {
        result = default;
        var open = stat.IndexOf((byte)'(');
        var close = stat.LastIndexOf((byte)')');
        if (open < 0 || close < open)
        {
            return false;
        }
        var rest = stat[(close + 1)..];
        var state = ProcText.NextField(ref rest);
        if (state.Length != 1)
        {
            return false;
        }
        ulong flags = 0, utime = 0, stime = 0, threads = 0, start = 0, rss = 0;
        for (var index = 1; index <= RssIndex; index++)
        {
            var field = ProcText.NextField(ref rest);
            if (field.IsEmpty)
            {
                return false;
            }
            switch (index)
            {
                case FlagsIndex: ProcText.TryParseCounter(field, out flags); break; // only ever narrows work: 0 if odd
                case UtimeIndex: if (!ProcText.TryParseCounter(field, out utime)) return false; break;
                case StimeIndex: if (!ProcText.TryParseCounter(field, out stime)) return false; break;
                case ThreadsIndex: if (!ProcText.TryParseCounter(field, out threads)) return false; break;
                case StartTimeIndex: if (!ProcText.TryParseCounter(field, out start)) return false; break;
                case RssIndex: ProcText.TryParseCounter(field, out rss); break; // may be negative in odd cases: then 0
            }
        }
        result = new ProcStat(open + 1, close - open - 1, States[state[0]], utime, stime, (int)Math.Min(threads, int.MaxValue), start, rss,
            (flags & KernelThreadFlag) != 0);
        return true;
    }

    /// <summary>The real uid from /proc/[pid]/status ("Uid:\treal\teffective\tsaved\tfs").</summary>
    public static bool TryReadRealUid(ReadOnlySpan<byte> status, out uint uid)
    {
        uid = 0;
        var at = status.IndexOf("\nUid:"u8);
        if (at < 0)
        {
            return false;
        }
        var rest = status[(at + 5)..];
        if (!ProcText.TryParseCounter(ProcText.NextField(ref rest), out var value) || value > uint.MaxValue)
        {
            return false;
        }
        uid = (uint)value;
        return true;
    }

    // One string per possible state byte, so a process row does not allocate its state letter.
    private static string[] CreateStates()
    {
        var states = new string[256];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = ((char)i).ToString(CultureInfo.InvariantCulture);
        }
        return states;
    }
}

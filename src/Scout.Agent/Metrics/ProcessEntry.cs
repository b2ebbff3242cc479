using System.Text;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// What <see cref="ProcessReader"/> remembers of one process between readings: its paths (built once),
/// its held descriptors, its CPU counter on the basis in use, and the figures of its last full
/// /proc/[pid]/stat reading, which are exact when <see cref="FullReading"/> is the current reading and
/// otherwise an upper bound for memory (a process that has not run cannot have grown).
/// </summary>
internal sealed class ProcessEntry(int pid, string directory)
{
    public int Pid { get; } = pid;
    public string Directory { get; } = directory;
    public byte[] StatPath { get; } = LibcFile.NativePath(Path.Combine(directory, "stat"));
    public ulong StartTime { get; set; }
    public byte[]? SchedstatPath { get; set; }
    public byte[]? CmdlinePath { get; set; }
    public byte[]? StatusPath { get; set; }

    public HeldProcFile? Stat { get; set; }
    public HeldProcFile? Schedstat { get; set; }

    /// <summary>CPU comes from the main thread's schedstat (single-threaded) instead of stat ticks.</summary>
    public bool UsesSchedstat => Schedstat is not null;

    /// <summary>schedstat said "0 0 0" or could not be opened for this process: it stays on stat for good.</summary>
    public bool SchedstatUnusable { get; set; }

    public ulong Ticks { get; set; }
    public ulong RuntimeNs { get; set; }
    public ulong RuntimeNsAtFullRead { get; set; }

    /// <summary>CPU % of one core in this reading; -1 when not known (first reading, counter went back).</summary>
    public double Cpu { get; set; }
    public long FullReading { get; set; }
    public long Rss { get; set; }
    public int Threads { get; set; }
    public string State { get; set; } = "";
    public string Comm { get; private set; } = "";
    /// <summary>The process exited during this reading (a full read failed after the cheap one succeeded).</summary>
    public bool Gone { get; set; }

    /// <summary>PF_KTHREAD: no command line to read, always root.</summary>
    public bool KernelThread { get; set; }

    public string? Command { get; set; }
    public string? User { get; set; }
    public string? DetailsComm { get; set; }
    public long DetailsReading { get; set; }
    public ulong DetailsRuntimeNs { get; set; }
    public ulong DetailsTicks { get; set; }

    /// <summary>
    /// The process used CPU since its command line and user were read. Only a process that runs can rewrite
    /// its title or change its user, so cached details of one that has not stay exact.
    /// </summary>
    public bool RanSinceDetails => RuntimeNs != DetailsRuntimeNs || Ticks != DetailsTicks;

    /// <summary>comm changes on exec (same pid and start time), so compare it each time; allocate only on change.</summary>
    public void SetComm(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > 64)
        {
            utf8 = utf8[..64];
        }
        var count = Encoding.UTF8.GetChars(utf8, chars);
        if (!chars[..count].SequenceEqual(Comm))
        {
            Comm = chars[..count].ToString();
        }
    }

    /// <summary>Stops using schedstat (the process has several threads now); returns descriptors closed.</summary>
    public int DropSchedstat()
    {
        if (Schedstat is null)
        {
            return 0;
        }
        Schedstat.Dispose();
        Schedstat = null;
        return 1;
    }

    /// <summary>Closes every held descriptor; returns how many were closed.</summary>
    public int CloseAll()
    {
        var closed = DropSchedstat();
        if (Stat is not null)
        {
            Stat.Dispose();
            Stat = null;
            closed++;
        }
        return closed;
    }
}

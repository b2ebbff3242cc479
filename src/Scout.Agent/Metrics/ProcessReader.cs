using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// The busiest processes, like the top rows of <c>top</c>: the top N by CPU and the top N by resident
/// memory, merged. On a real procfs each process's files stay open between readings and the reading
/// is split in two, because /proc/[pid]/stat was half of the agent's CPU time:
/// <list type="bullet">
/// <item>Every process, every reading: its CPU. A single-threaded process answers from
/// /proc/[pid]/schedstat (its main thread's on-CPU ns, ~5x cheaper for the kernel); a multi-threaded
/// one from stat, whose times cover all threads. Only a running thread can start another, so a process
/// whose only thread has not run still has one thread; one that ran gets a full read (below), which
/// shows new threads and moves it to stat.</item>
/// <item>A full stat read (memory, threads, state, name) only for processes that ran since their last
/// one, the ones shown once their figures are <see cref="ShownRefreshReadings"/> readings old, and every
/// process once per <see cref="FullRefreshReadings"/> readings. A process that has not run cannot have
/// grown, so its last memory figure is an upper bound: the top by memory re-reads its old leaders until
/// the N shown are all recent, and then none of the others can beat them.</item>
/// </list>
/// Only the few processes shown also get their cmdline and status (for the uid) read, and those are kept
/// while the process (pid, start time and name) stays the same, read again after
/// <see cref="DetailsRefreshReadings"/> readings if it ran meanwhile (title rewrites, a change of user
/// without exec); kernel threads need neither file. /proc is listed again only when loadavg's newest pid
/// moved (see <see cref="Read"/>). Off procfs (fixture trees) and beyond <see cref="MaxHeldFiles"/>, stat
/// is opened and read for every process every reading, and its start time tells a reused pid.
/// </summary>
public sealed class ProcessReader : IDisposable
{
    /// <summary>Command lines are cut here; the chart shows a row, not an argument list.</summary>
    public const int MaxCommandLength = 200;

    /// <summary>
    /// And at this many bytes of UTF-8: two hundred characters of CJK or Cyrillic are 400-600 bytes, and a hundred such
    /// rows would take a sample past the node's 64 KB (a counted drop of every sample of that server), or, escaped on the
    /// agent's wire, past the hub's 128 KB frame. ASCII command lines are cut as before.
    /// </summary>
    public const int MaxCommandBytes = MaxCommandLength;

    /// <summary>
    /// Cached command line and user are read again after this many readings (10 s at 1 s), and only when the
    /// process ran in between: one that has not cannot have changed either.
    /// </summary>
    public const int DetailsRefreshReadings = 10;

    /// <summary>
    /// A process that has not run gets a full stat read at least this often (2 min at 1 s, spread over
    /// readings by pid): its memory can still change without it running (reclaim, another process
    /// writing into it through ptrace or userfaultfd, khugepaged), and this bounds how stale it gets. Only
    /// rows not shown can be this stale (shown rows within <see cref="ShownRefreshReadings"/>), and for them
    /// memory is only a rank: a figure that shrank is an upper bound, re-read before it can enter the top. At ~300 processes
    /// 30 readings meant ten full reads a second for this alone, a third of them all.
    /// </summary>
    public const int FullRefreshReadings = 120;

    /// <summary>
    /// A shown row whose process has not run is read in full again after this many readings (10 s at 1 s).
    /// Having not run, its state and threads are what they were; only its memory can have shrunk (reclaim,
    /// swap), so the figure shown is at most this old and never too low. Reading every shown row every
    /// second was half of all full reads on a quiet machine.
    /// </summary>
    public const int ShownRefreshReadings = 10;

    /// <summary>
    /// At most this many descriptors are held (up to two per process: stat and schedstat); processes
    /// beyond it are opened and closed each reading, so a host with tens of thousands of processes cannot
    /// exhaust the descriptor limit.
    /// </summary>
    public const int MaxHeldFiles = 4096;

    private const double NanosecondsPerSecond = 1e9;

    private readonly string _procDirectory;
    private readonly int _top;
    private readonly CommandLineMode _commandLines;
    private readonly double _clockTicksPerSecond;
    private readonly long _pageSize;
    private readonly PasswdUsers _users;
    private readonly PidListing _listing;
    private readonly List<int> _pids = new(512);
    private readonly List<ProcessEntry> _listed = new(512);
    private readonly HashSet<int> _chosen = new();
    private readonly List<ProcessEntry> _shown = new();
    private Dictionary<int, ProcessEntry> _previous = new(512);
    private Dictionary<int, ProcessEntry> _current = new(512);
    private byte[] _buffer = new byte[1024];
    private readonly bool _holdFiles;
    private readonly bool _ownPidNamespace;
    private long? _lastNewestPid;
    private bool _listedTwiceAtNewestPid;
    private int _heldFiles;
    private int _statReads;
    private long _reading;

    /// <param name="holdFiles">
    /// Keep per-process files open between readings; null decides by the filesystem (procfs only). Tests
    /// pass true for fixture trees that reproduce procfs's rule that a process's open files stop
    /// answering once it has exited (<c>ProcFixture</c> empties them before deleting them).
    /// </param>
    /// <param name="commandLines">How much of each command line is kept (<see cref="CommandLineMode"/>).</param>
    public ProcessReader(string procDirectory, string passwdPath, int top, long clockTicksPerSecond, long pageSize, bool? holdFiles = null,
        CommandLineMode commandLines = CommandLineMode.Redacted)
    {
        _commandLines = commandLines;
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockTicksPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        _procDirectory = procDirectory;
        _top = top;
        _clockTicksPerSecond = clockTicksPerSecond;
        _pageSize = pageSize;
        _users = new PasswdUsers(passwdPath);
        _holdFiles = holdFiles ?? LibcStatfs.IsProcfs(procDirectory);
        _listing = new PidListing(procDirectory);
        _ownPidNamespace = _holdFiles && IsOwnPidNamespace(procDirectory);
    }

    /// <summary>
    /// The proc mount shows the pids of this process's own namespace (its "self" is this process's pid),
    /// so the newest pid in loadavg, which is always this namespace's, speaks for it. A host /proc mounted
    /// into a container does not, and is listed every reading.
    /// </summary>
    private static bool IsOwnPidNamespace(string procDirectory)
    {
        try
        {
            return new FileInfo(Path.Combine(procDirectory, "self")).LinkTarget
                == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Readings that listed /proc; the others reused the last list, since no pid had been handed out.</summary>
    public long Listings { get; private set; }

    /// <summary>Whether per-process files are kept open between readings (by default only on a real procfs).</summary>
    public bool HoldsFiles => _holdFiles;

    /// <summary>Processes seen in the last reading (all of them, not only the ones returned).</summary>
    public int LastSeen { get; private set; }

    /// <summary>Full /proc/[pid]/stat reads in the last reading (the rest were answered by schedstat).</summary>
    public int LastStatReads { get; private set; }

    /// <summary>Processes whose CPU the last reading took from schedstat (some of them also had a full stat read).</summary>
    public int LastSchedstatReads { get; private set; }

    /// <param name="seconds">Time since the previous reading; CPU is null for every process when it is not positive.</param>
    /// <param name="newestPid">
    /// The newest pid from /proc/loadavg, read just before. When it has not moved since two listings saw it,
    /// no process has been created since, so the processes of the last reading are all there can be (those
    /// that exited fail their read) and /proc is not listed again. Null: list every reading.
    /// </param>
    public IReadOnlyList<ProcessStats> Read(double seconds, long? newestPid = null)
    {
        _reading++;
        _statReads = 0;
        _listed.Clear();
        _current.Clear();
        var schedstatReads = 0;
        // The kernel hands out a pid a moment before the new process shows in /proc, so a listing taken in
        // that moment can miss it: the list is trusted only once a second listing saw the same newest pid.
        var unmoved = newestPid is not null && newestPid == _lastNewestPid;
        if (_ownPidNamespace && unmoved && _listedTwiceAtNewestPid)
        {
            _pids.Clear();
            _pids.AddRange(_previous.Keys);
        }
        else
        {
            _listing.Fill(_pids);
            _listedTwiceAtNewestPid = unmoved;
            Listings++;
        }
        _lastNewestPid = newestPid;
        foreach (var pid in _pids)
        {
            if (TryObserve(pid, seconds, out var entry))
            {
                _listed.Add(entry);
                _current[pid] = entry;
                schedstatReads += entry.UsesSchedstat ? 1 : 0;
            }
        }
        LastSeen = _listed.Count;
        LastSchedstatReads = schedstatReads;
        ReleaseGone();
        (_previous, _current) = (_current, _previous);
        RefreshChanged();
        var result = Choose();
        LastStatReads = _statReads;
        return result;
    }

    /// <summary>This reading's CPU of the process at <paramref name="pid"/>; false when there is none (exited).</summary>
    private bool TryObserve(int pid, double seconds, [NotNullWhen(true)] out ProcessEntry? entry)
    {
        if (_previous.TryGetValue(pid, out entry))
        {
            if (entry.UsesSchedstat ? TryUpdateFromSchedstat(entry, seconds) : TryUpdateFromStat(entry, seconds))
            {
                return true;
            }
            // That process has exited; the pid listed now is a new one (or none): start afresh.
            Release(entry);
        }
        entry = new ProcessEntry(pid, Path.Combine(_procDirectory, pid.ToString(CultureInfo.InvariantCulture)));
        if (!TryReadStat(entry, out var stat))
        {
            Release(entry);
            entry = null;
            return false; // exited between the directory listing and the read
        }
        entry.StartTime = stat.StartTime;
        entry.Cpu = -1; // "not known yet"; sorts below every real figure
        Apply(entry, stat);
        TryStartSchedstat(entry);
        return true;
    }

    private bool TryUpdateFromStat(ProcessEntry entry, double seconds)
    {
        // A different start time: the pid was reused by another process (only seen when files are not held).
        if (!TryReadStat(entry, out var stat) || stat.StartTime != entry.StartTime)
        {
            return false;
        }
        var ticks = stat.UserTicks + stat.SystemTicks;
        entry.Cpu = seconds > 0 && ticks >= entry.Ticks ? (ticks - entry.Ticks) / _clockTicksPerSecond / seconds * 100.0 : -1;
        Apply(entry, stat);
        TryStartSchedstat(entry);
        return true;
    }

    private bool TryUpdateFromSchedstat(ProcessEntry entry, double seconds)
    {
        var length = entry.Schedstat!.TryReadAll(ref _buffer);
        if (length < 0 || !ProcSchedstat.TryParse(_buffer.AsSpan(0, length), out var runtime))
        {
            return false;
        }
        entry.Cpu = seconds > 0 && runtime >= entry.RuntimeNs
            ? (runtime - entry.RuntimeNs) / NanosecondsPerSecond / seconds * 100.0
            : -1;
        entry.RuntimeNs = runtime;
        return true;
    }

    /// <summary>
    /// Starts taking this process's CPU from schedstat when it has one thread and the kernel offers the
    /// file; otherwise it stays on stat (kernels without schedstat, or with it switched off, never switch).
    /// </summary>
    private void TryStartSchedstat(ProcessEntry entry)
    {
        if (!_holdFiles || entry.UsesSchedstat || entry.SchedstatUnusable || entry.Threads != 1 || _heldFiles >= MaxHeldFiles)
        {
            return;
        }
        entry.SchedstatPath ??= LibcFile.NativePath(Path.Combine(entry.Directory, "schedstat"));
        var schedstat = HeldProcFile.TryOpen(entry.SchedstatPath);
        var length = schedstat?.TryReadAll(ref _buffer) ?? -1;
        if (length < 0 || !ProcSchedstat.TryParse(_buffer.AsSpan(0, length), out var runtime))
        {
            schedstat?.Dispose();
            entry.SchedstatUnusable = true;
            return;
        }
        entry.Schedstat = schedstat;
        _heldFiles++;
        entry.RuntimeNs = runtime;
        entry.RuntimeNsAtFullRead = runtime;
    }

    /// <summary>A full stat read of a process observed this reading; marks it gone when it has exited since.</summary>
    private bool TryFullRead(ProcessEntry entry)
    {
        if (entry.FullReading == _reading)
        {
            return !entry.Gone;
        }
        if (!TryReadStat(entry, out var stat) || stat.StartTime != entry.StartTime)
        {
            entry.Gone = true;
            entry.Cpu = -1;
            entry.Rss = -1;
            entry.FullReading = _reading;
            return false;
        }
        Apply(entry, stat);
        return true;
    }

    /// <summary>Takes the figures of a stat just read into <see cref="_buffer"/>.</summary>
    private void Apply(ProcessEntry entry, in ProcStat stat)
    {
        entry.Ticks = stat.UserTicks + stat.SystemTicks;
        entry.Rss = (long)Math.Min(stat.RssPages, (ulong)(long.MaxValue / _pageSize)) * _pageSize;
        entry.Threads = stat.Threads;
        entry.State = stat.State;
        entry.KernelThread = stat.KernelThread;
        entry.SetComm(_buffer.AsSpan(stat.CommStart, stat.CommLength));
        entry.FullReading = _reading;
        entry.RuntimeNsAtFullRead = entry.RuntimeNs;
        entry.Gone = false;
        if (entry.UsesSchedstat && stat.Threads > 1)
        {
            // Other threads run now and the main thread no longer stands for the process: from the next
            // reading on, CPU comes from stat, whose times count every thread. This reading's figure is
            // the main thread's, a lower bound.
            _heldFiles -= entry.DropSchedstat();
        }
    }

    private bool TryReadStat(ProcessEntry entry, out ProcStat stat)
    {
        int length;
        if (entry.Stat is { } held)
        {
            length = held.TryReadAll(ref _buffer);
        }
        else if (_holdFiles && _heldFiles < MaxHeldFiles && HeldProcFile.TryOpen(entry.StatPath) is { } opened)
        {
            entry.Stat = opened;
            _heldFiles++;
            length = opened.TryReadAll(ref _buffer);
        }
        else
        {
            length = LibcFile.TryReadAll(entry.StatPath, ref _buffer, oneRead: true);
        }
        _statReads++;
        stat = default;
        return length >= 0 && ProcStat.TryParse(_buffer.AsSpan(0, length), out stat);
    }

    /// <summary>Processes that ran since their last full read may have grown; the others are refreshed now and then.</summary>
    private void RefreshChanged()
    {
        foreach (var entry in _listed)
        {
            if (entry.FullReading != _reading
                && (entry.RuntimeNs != entry.RuntimeNsAtFullRead || (_reading + entry.Pid) % FullRefreshReadings == 0))
            {
                TryFullRead(entry);
            }
        }
    }

    /// <summary>Closes the held files of processes that exited or whose pid now belongs to another process.</summary>
    private void ReleaseGone()
    {
        foreach (var (pid, entry) in _previous)
        {
            if (!_current.TryGetValue(pid, out var now) || !ReferenceEquals(now, entry))
            {
                Release(entry);
            }
        }
    }

    private void Release(ProcessEntry entry) => _heldFiles -= entry.CloseAll();

    public void Dispose()
    {
        foreach (var entry in _previous.Values)
        {
            Release(entry);
        }
        _previous.Clear();
        _listing.Dispose();
    }

    private List<ProcessStats> Choose()
    {
        _chosen.Clear();
        _shown.Clear();
        // Top by CPU counts only processes that used CPU; idle ones are listed only for their memory.
        // CPU is this reading's for every process; the rows shown get a full read for the rest.
        _listed.Sort(static (a, b) => b.Cpu.CompareTo(a.Cpu));
        for (var i = 0; i < _listed.Count && _shown.Count < _top && _listed[i].Cpu > 0; i++)
        {
            if (TryFullRead(_listed[i]) && _chosen.Add(_listed[i].Pid))
            {
                _shown.Add(_listed[i]);
            }
        }
        SortByMemoryWithTopFresh();
        for (var i = 0; i < _listed.Count && i < _top && !_listed[i].Gone; i++)
        {
            if (_chosen.Add(_listed[i].Pid))
            {
                _shown.Add(_listed[i]);
            }
        }
        _shown.Sort(static (a, b) =>
        {
            var byCpu = b.Cpu.CompareTo(a.Cpu);
            return byCpu != 0 ? byCpu : b.Rss.CompareTo(a.Rss);
        });

        var result = new List<ProcessStats>(_shown.Count);
        foreach (var entry in _shown)
        {
            // The process may exit between its stat and these reads: then it is simply not shown.
            if (TryReadDetails(entry, out var command, out var user))
            {
                result.Add(new ProcessStats(
                    entry.Pid, entry.Comm, command, user, entry.State,
                    entry.Cpu < 0 ? null : entry.Cpu, entry.Rss, entry.Threads));
            }
        }
        return result;
    }

    /// <summary>
    /// Sorts by memory so that the first N are current. A figure from an earlier reading is an upper bound
    /// (a process that ran has been read in full this reading; one that has not can only have shrunk), so
    /// reading the first N again when their figure is <see cref="ShownRefreshReadings"/> old and sorting
    /// again until none of the first N is that old leaves no other process able to beat them by more than
    /// what it lost unseen.
    /// </summary>
    private void SortByMemoryWithTopFresh()
    {
        while (true)
        {
            _listed.Sort(static (a, b) => b.Rss.CompareTo(a.Rss));
            var stale = false;
            for (var i = 0; i < _listed.Count && i < _top && !_listed[i].Gone; i++)
            {
                if (_reading - _listed[i].FullReading >= ShownRefreshReadings)
                {
                    TryFullRead(_listed[i]);
                    stale = true;
                }
            }
            if (!stale)
            {
                return;
            }
        }
    }

    private bool TryReadDetails(ProcessEntry entry, out string command, out string user)
    {
        // exec changes comm (a new string only then), so the same string means the same program.
        if (entry.Command is not null && ReferenceEquals(entry.DetailsComm, entry.Comm)
            && (!entry.RanSinceDetails || _reading - entry.DetailsReading < DetailsRefreshReadings))
        {
            command = entry.Command;
            user = entry.User!;
            return true;
        }
        if (entry.KernelThread)
        {
            // No command line (no user memory) and root's credentials: nothing to read, and kworkers rename
            // themselves for each work queue they serve, which would otherwise mean two reads each time.
            command = "[" + entry.Comm + "]";
            user = _users.NameOf(0);
        }
        else if (!TryReadDetailsFromFiles(entry, out command, out user))
        {
            return false;
        }
        entry.Command = command;
        entry.User = user;
        entry.DetailsComm = entry.Comm;
        entry.DetailsReading = _reading;
        entry.DetailsRuntimeNs = entry.RuntimeNs;
        entry.DetailsTicks = entry.Ticks;
        return true;
    }

    private bool TryReadDetailsFromFiles(ProcessEntry entry, out string command, out string user)
    {
        command = user = "";
        entry.CmdlinePath ??= LibcFile.NativePath(Path.Combine(entry.Directory, "cmdline"));
        entry.StatusPath ??= LibcFile.NativePath(Path.Combine(entry.Directory, "status"));
        var length = LibcFile.TryReadAll(entry.CmdlinePath, ref _buffer, oneRead: false);
        if (length < 0)
        {
            return false;
        }
        command = CommandLine(_buffer.AsSpan(0, length), entry.Comm, _commandLines);
        length = LibcFile.TryReadAll(entry.StatusPath, ref _buffer, oneRead: false);
        if (length < 0 || !ProcStat.TryReadRealUid(_buffer.AsSpan(0, length), out var uid))
        {
            return false;
        }
        user = _users.NameOf(uid);
        return true;
    }

    /// <summary>
    /// Arguments are NUL-separated; kernel threads have none and show as "[comm]" like ps. Unless
    /// <paramref name="mode"/> is <see cref="CommandLineMode.Full"/>, secrets are hidden (or every argument
    /// left out) before the text is cut to <see cref="MaxCommandLength"/> characters and <see cref="MaxCommandBytes"/> bytes.
    /// </summary>
    public static string CommandLine(ReadOnlySpan<byte> cmdline, string comm, CommandLineMode mode = CommandLineMode.Redacted)
    {
        // Enough bytes for 200 characters of UTF-8; the rest would be cut anyway.
        if (cmdline.Length > MaxCommandLength * 4)
        {
            cmdline = cmdline[..(MaxCommandLength * 4)];
        }
        Span<char> chars = stackalloc char[MaxCommandLength * 4];
        var count = Encoding.UTF8.GetChars(cmdline, chars);
        var text = chars[..count];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0' || char.IsControl(text[i]))
            {
                text[i] = ' ';
            }
        }
        text = text.Trim();
        if (text.IsEmpty)
        {
            return "[" + comm + "]";
        }
        if (mode != CommandLineMode.Full)
        {
            var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (mode == CommandLineMode.NamesOnly)
            {
                return Cut(words[0]);
            }
            CommandLineRedaction.Redact(words);
            return Cut(string.Join(' ', words));
        }
        return Cut(text);
    }

    private static string Cut(string text)
    {
        var kept = Kept(text);
        return kept == text.Length ? text : text[..kept].TrimEnd();
    }

    private static string Cut(ReadOnlySpan<char> text) => text[..Kept(text)].TrimEnd().ToString();

    /// <summary>How many leading characters fit in <see cref="MaxCommandLength"/> characters and <see cref="MaxCommandBytes"/>
    /// bytes of UTF-8: the runtime's transcoder stops before a character that does not fit, and leaves out a surrogate
    /// pair that the character limit would split (the slice is then not its final block).</summary>
    private static int Kept(ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[MaxCommandBytes];
        System.Text.Unicode.Utf8.FromUtf16(text[..Math.Min(text.Length, MaxCommandLength)], utf8, out var kept, out _,
            isFinalBlock: text.Length <= MaxCommandLength);
        return kept;
    }
}

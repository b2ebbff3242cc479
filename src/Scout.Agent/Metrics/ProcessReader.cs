using System.Globalization;
using System.IO.Enumeration;
using System.Text;
using Scout.Actors.Metrics;

namespace Scout.Agent.Metrics;

/// <summary>
/// The busiest processes, like the top rows of <c>top</c>: the top N by CPU and the top N by resident
/// memory, merged. Every process costs one read of /proc/[pid]/stat per sample; only the few that are
/// shown also get their cmdline and status (for the uid) read, and those are kept while the process
/// (pid, start time and name) stays the same, read again every <see cref="DetailsRefreshReadings"/>
/// readings for processes that rewrite their title or change user without exec. On a real procfs the
/// stat file of each process stays open between readings (<see cref="HeldProcFile"/>).
/// </summary>
public sealed class ProcessReader : IDisposable
{
    /// <summary>Command lines are cut here; the chart shows a row, not an argument list.</summary>
    public const int MaxCommandLength = 200;

    /// <summary>Cached command line and user are read again after this many readings (10 s at 1 s).</summary>
    public const int DetailsRefreshReadings = 10;

    /// <summary>
    /// At most this many stat files are held open; processes beyond it are opened and closed each
    /// reading, so a host with tens of thousands of processes cannot exhaust the descriptor limit.
    /// </summary>
    public const int MaxHeldFiles = 2048;

    private readonly string _procDirectory;
    private readonly int _top;
    private readonly double _clockTicksPerSecond;
    private readonly long _pageSize;
    private readonly PasswdUsers _users;
    private readonly List<Candidate> _candidates = new(512);
    private readonly HashSet<int> _chosen = new();
    private readonly List<Candidate> _shown = new();
    private Dictionary<int, ProcEntry> _previous = new(512);
    private Dictionary<int, ProcEntry> _current = new(512);
    private byte[] _buffer = new byte[1024];
    private readonly bool _holdFiles;
    private int _heldFiles;
    private long _reading;

    public ProcessReader(string procDirectory, string passwdPath, int top, long clockTicksPerSecond, long pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockTicksPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        _procDirectory = procDirectory;
        _top = top;
        _clockTicksPerSecond = clockTicksPerSecond;
        _pageSize = pageSize;
        _users = new PasswdUsers(passwdPath);
        _holdFiles = LibcStatfs.IsProcfs(procDirectory);
    }

    /// <summary>Whether stat files are kept open between readings (only on a real procfs).</summary>
    public bool HoldsFiles => _holdFiles;

    /// <summary>Processes seen in the last reading (all of them, not only the ones returned).</summary>
    public int LastSeen { get; private set; }

    /// <param name="seconds">Time since the previous reading; CPU is null for every process when it is not positive.</param>
    public IReadOnlyList<ProcessStats> Read(double seconds)
    {
        _reading++;
        _candidates.Clear();
        _current.Clear();
        foreach (var pid in EnumeratePids(_procDirectory))
        {
            if (TryReadStat(pid, seconds, out var candidate))
            {
                _candidates.Add(candidate);
                _current[pid] = candidate.Entry;
            }
        }
        LastSeen = _candidates.Count;
        ReleaseGone();
        (_previous, _current) = (_current, _previous);
        return Choose();
    }

    /// <summary>Closes the held files of processes that exited or whose pid now belongs to another process.</summary>
    private void ReleaseGone()
    {
        foreach (var (pid, entry) in _previous)
        {
            if (entry.StatFile is not null && (!_current.TryGetValue(pid, out var now) || !ReferenceEquals(now, entry)))
            {
                CloseStat(entry);
            }
        }
    }

    private void CloseStat(ProcEntry entry)
    {
        if (entry.StatFile is { } file)
        {
            file.Dispose();
            entry.StatFile = null;
            _heldFiles--;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _previous.Values)
        {
            CloseStat(entry);
        }
        _previous.Clear();
    }

    private List<ProcessStats> Choose()
    {
        _chosen.Clear();
        _shown.Clear();
        // Top by CPU counts only processes that used CPU; idle ones are listed only for their memory.
        _candidates.Sort(static (a, b) => b.Cpu.CompareTo(a.Cpu));
        for (var i = 0; i < _candidates.Count && i < _top; i++)
        {
            if (_candidates[i].Cpu > 0 && _chosen.Add(_candidates[i].Entry.Pid))
            {
                _shown.Add(_candidates[i]);
            }
        }
        _candidates.Sort(static (a, b) => b.Rss.CompareTo(a.Rss));
        for (var i = 0; i < _candidates.Count && i < _top; i++)
        {
            if (_chosen.Add(_candidates[i].Entry.Pid))
            {
                _shown.Add(_candidates[i]);
            }
        }
        _shown.Sort(static (a, b) =>
        {
            var byCpu = b.Cpu.CompareTo(a.Cpu);
            return byCpu != 0 ? byCpu : b.Rss.CompareTo(a.Rss);
        });

        var result = new List<ProcessStats>(_shown.Count);
        foreach (var c in _shown)
        {
            // The process may exit between its stat and these reads: then it is simply not shown.
            if (TryReadDetails(c.Entry, out var command, out var user))
            {
                result.Add(new ProcessStats(
                    c.Entry.Pid, c.Entry.Comm, command, user, c.State,
                    c.Cpu < 0 ? null : c.Cpu, c.Rss, c.Threads));
            }
        }
        return result;
    }

    private static FileSystemEnumerable<int> EnumeratePids(string procDirectory) =>
        new(procDirectory, static (ref FileSystemEntry entry) => ParsePid(entry.FileName),
            new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory && ParsePid(entry.FileName) > 0,
        };

    private static int ParsePid(ReadOnlySpan<char> name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;

    private bool TryReadStat(int pid, double seconds, out Candidate candidate)
    {
        candidate = default;
        _previous.TryGetValue(pid, out var entry);
        var directory = entry?.Directory ?? Path.Combine(_procDirectory, pid.ToString(CultureInfo.InvariantCulture));
        var statPath = entry?.StatPath ?? LibcFile.NativePath(Path.Combine(directory, "stat"));
        var length = -1;
        HeldProcFile? opened = null;
        if (entry?.StatFile is { } held)
        {
            length = held.TryReadAll(ref _buffer);
            if (length < 0)
            {
                // That process has exited; the pid listed now is a new one (or none): start afresh.
                CloseStat(entry);
                entry = null;
            }
        }
        if (length < 0)
        {
            if (_holdFiles && _heldFiles < MaxHeldFiles && (opened = HeldProcFile.TryOpen(statPath)) is not null)
            {
                _heldFiles++;
                length = opened.TryReadAll(ref _buffer);
            }
            else
            {
                length = LibcFile.TryReadAll(statPath, ref _buffer, oneRead: true);
            }
        }
        if (length < 0 || !ProcStat.TryParse(_buffer.AsSpan(0, length), out var stat))
        {
            if (opened is not null)
            {
                opened.Dispose();
                _heldFiles--;
            }
            return false; // exited between the directory listing and the read
        }

        double cpu = -1; // "not known yet"; sorts below every real figure
        if (entry is not null && entry.StartTime == stat.StartTime)
        {
            var ticks = stat.UserTicks + stat.SystemTicks;
            if (seconds > 0 && ticks >= entry.Ticks)
            {
                cpu = (ticks - entry.Ticks) / _clockTicksPerSecond / seconds * 100.0;
            }
        }
        else
        {
            // New process, or the pid was reused by another one (different start time).
            if (entry?.StatFile is not null && opened is null)
            {
                // Cannot happen on procfs (a held file dies with its process); kept for safety.
                CloseStat(entry);
            }
            entry = new ProcEntry(pid, statPath, directory, stat.StartTime);
        }
        if (opened is not null)
        {
            entry.StatFile = opened;
        }
        entry.Ticks = stat.UserTicks + stat.SystemTicks;
        entry.SetComm(_buffer.AsSpan(stat.CommStart, stat.CommLength));
        candidate = new Candidate(entry, cpu, (long)Math.Min(stat.RssPages, (ulong)(long.MaxValue / _pageSize)) * _pageSize, stat.Threads, stat.State);
        return true;
    }

    private bool TryReadDetails(ProcEntry entry, out string command, out string user)
    {
        // exec changes comm (a new string only then), so the same string means the same program.
        if (entry.Command is not null && ReferenceEquals(entry.DetailsComm, entry.Comm)
            && _reading - entry.DetailsReading < DetailsRefreshReadings)
        {
            command = entry.Command;
            user = entry.User!;
            return true;
        }
        if (!TryReadDetailsFromFiles(entry, out command, out user))
        {
            return false;
        }
        entry.Command = command;
        entry.User = user;
        entry.DetailsComm = entry.Comm;
        entry.DetailsReading = _reading;
        return true;
    }

    private bool TryReadDetailsFromFiles(ProcEntry entry, out string command, out string user)
    {
        command = user = "";
        entry.CmdlinePath ??= LibcFile.NativePath(Path.Combine(entry.Directory, "cmdline"));
        entry.StatusPath ??= LibcFile.NativePath(Path.Combine(entry.Directory, "status"));
        var length = LibcFile.TryReadAll(entry.CmdlinePath, ref _buffer, oneRead: false);
        if (length < 0)
        {
            return false;
        }
        command = CommandLine(_buffer.AsSpan(0, length), entry.Comm);
        length = LibcFile.TryReadAll(entry.StatusPath, ref _buffer, oneRead: false);
        if (length < 0 || !ProcStat.TryReadRealUid(_buffer.AsSpan(0, length), out var uid))
        {
            return false;
        }
        user = _users.NameOf(uid);
        return true;
    }

    /// <summary>Arguments are NUL-separated; kernel threads have none and show as "[comm]" like ps.</summary>
    public static string CommandLine(ReadOnlySpan<byte> cmdline, string comm)
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
        return text.Length > MaxCommandLength ? text[..MaxCommandLength].TrimEnd().ToString() : text.ToString();
    }

    private readonly record struct Candidate(ProcEntry Entry, double Cpu, long Rss, int Threads, string State);

    /// <summary>What we remember of a process between readings; the paths are built once per process.</summary>
    private sealed class ProcEntry(int pid, byte[] statPath, string directory, ulong startTime)
    {
        public int Pid { get; } = pid;
        public byte[] StatPath { get; } = statPath;
        public byte[]? CmdlinePath { get; set; }
        public byte[]? StatusPath { get; set; }
        public string Directory { get; } = directory;
        public ulong StartTime { get; } = startTime;
        public ulong Ticks { get; set; }
        public HeldProcFile? StatFile { get; set; }
        public string? Command { get; set; }
        public string? User { get; set; }
        public string? DetailsComm { get; set; }
        public long DetailsReading { get; set; }
        public string Comm { get; private set; } = "";

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
    }
}

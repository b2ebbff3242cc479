using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// The agent's real metrics: one <see cref="MetricsSample"/> per call from /proc and statvfs. Rates are
/// per second over the time since the previous call, measured on a monotonic clock so a wall-clock
/// jump (NTP) never distorts them. One instance is shared by the streamer and the local buffer, so
/// readings are serialised by a lock; a reading takes about a millisecond.
/// </summary>
public sealed class ProcMetricsSource : IMetricsSource, IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly CpuReader _cpu;
    private readonly MemoryReader _memory;
    private readonly LoadReader _load;
    private readonly DiskReader _disks;
    private readonly FilesystemReader _filesystems;
    private readonly NetworkReader _network;
    private readonly ProcessReader _processes;
    private long? _previousTimestamp;

    public ProcMetricsSource(ProcMetricsOptions? options = null, TimeProvider? time = null, IFilesystemSpace? space = null)
    {
        options ??= new ProcMetricsOptions();
        _time = time ?? TimeProvider.System;
        var proc = Path.Combine(options.Root, "proc");
        if (!Directory.Exists(proc))
        {
            throw new DirectoryNotFoundException($"No proc filesystem at '{proc}': the agent reads Linux /proc.");
        }
        _cpu = new CpuReader(proc);
        _memory = new MemoryReader(proc);
        _load = new LoadReader(proc);
        _disks = new DiskReader(proc);
        _filesystems = new FilesystemReader(proc, space ?? LibcStatvfs.Instance);
        _network = new NetworkReader(proc);
        _processes = new ProcessReader(
            proc,
            Path.Combine(options.Root, "etc", "passwd"),
            options.TopProcesses,
            options.ClockTicksPerSecond ?? LibcSysconf.ClockTicksPerSecond(),
            options.PageSize ?? Environment.SystemPageSize,
            commandLines: options.CommandLines);
    }

    /// <summary>Processes seen by the last reading, not only the listed ones (for the benchmark and diagnostics).</summary>
    public int ProcessesSeen
    {
        get
        {
            lock (_gate)
            {
                return _processes.LastSeen;
            }
        }
    }

    /// <summary>Full /proc/[pid]/stat reads and schedstat-only readings in the last reading (benchmark diagnostics).</summary>
    public (int StatReads, int SchedstatReads) LastProcessReads
    {
        get
        {
            lock (_gate)
            {
                return (_processes.LastStatReads, _processes.LastSchedstatReads);
            }
        }
    }

    /// <summary>Lines of diskstats and net/dev that could not be parsed and were skipped, since start.</summary>
    public long SkippedLines
    {
        get
        {
            lock (_gate)
            {
                return _disks.SkippedLines + _network.SkippedLines;
            }
        }
    }

    /// <summary>Closes the files held open between readings (their finalizers would too).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _cpu.Dispose();
            _memory.Dispose();
            _load.Dispose();
            _disks.Dispose();
            _filesystems.Dispose();
            _network.Dispose();
            _processes.Dispose();
        }
    }

    public MetricsSample Read()
    {
        lock (_gate)
        {
            var timestamp = _time.GetTimestamp();
            var elapsed = _previousTimestamp is { } previous ? _time.GetElapsedTime(previous, timestamp) : TimeSpan.Zero;
            _previousTimestamp = timestamp;
            var seconds = elapsed.TotalSeconds;
            var load = _load.Read(); // before the processes: its newest pid tells them whether to list /proc
            return new MetricsSample(
                ServerId: "",
                Time: _time.GetUtcNow().ToUnixTimeMilliseconds(),
                IntervalMs: (long)elapsed.TotalMilliseconds,
                Cpu: _cpu.Read(),
                Memory: _memory.Read(),
                Load: load,
                Disks: _disks.Read(seconds),
                Filesystems: _filesystems.Read(),
                Network: _network.Read(seconds),
                Processes: _processes.Read(seconds, _load.NewestPid));
        }
    }
}

using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// Block device IO from /proc/diskstats. Listed: whole disks (sda, vda, nvme0n1, mmcblk0, xvda),
/// device-mapper and md devices, and zram (swap on compressed RAM is real IO a user wants to see).
/// Not listed: loop* (images, snaps) and ram* (ramdisks), and a partition whenever its whole disk is
/// listed too, because the disk's counters already include it.
/// </summary>
public sealed class DiskReader : IDisposable
{
    /// <summary>diskstats counts in 512-byte sectors whatever the device's real sector size.</summary>
    public const int SectorBytes = 512;

    private readonly ProcTextFile _diskstats;
    private Dictionary<string, DiskCounters> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, DiskCounters> _current = new(StringComparer.Ordinal);

    public DiskReader(string procDirectory)
    {
        _diskstats = new ProcTextFile(Path.Combine(procDirectory, "diskstats"));
    }

    /// <summary>Closes the file held open between readings.</summary>
    public void Dispose() => _diskstats.Dispose();

    /// <summary>Lines that were not diskstats lines; skipped and counted, never fatal.</summary>
    public long SkippedLines { get; private set; }

    /// <param name="seconds">Time since the previous reading; rates are null when it is not positive.</param>
    public IReadOnlyList<DiskStats> Read(double seconds)
    {
        _current.Clear();
        if (!_diskstats.TryRead(out var text))
        {
            // Containers without /proc/diskstats (and kernels without block devices): no disks, not an error.
            (_previous, _current) = (_current, _previous);
            return [];
        }
        var order = new List<string>();
        foreach (var line in text.EnumerateLines())
        {
            if (line.IsWhiteSpace())
            {
                continue;
            }
            if (!DiskCounters.TryParse(line, out var name, out var counters))
            {
                SkippedLines++;
                continue;
            }
            if (IsIgnored(name))
            {
                continue;
            }
            var key = name.ToString();
            _current[key] = counters;
            order.Add(key);
        }

        var disks = new List<DiskStats>(order.Count);
        foreach (var name in order)
        {
            if (IsPartitionOfListedDisk(name))
            {
                continue;
            }
            var after = _current[name];
            disks.Add(_previous.TryGetValue(name, out var before)
                ? Compute(name, before, after, seconds)
                : new DiskStats(name, null, null, null, null, null));
        }
        (_previous, _current) = (_current, _previous);
        return disks;
    }

    private static bool IsIgnored(ReadOnlySpan<char> name) =>
        name.StartsWith("loop") || name.StartsWith("ram");

    /// <summary>sda1 of sda, nvme0n1p2 of nvme0n1, mmcblk0p1 of mmcblk0: the disk's name, then an optional 'p', then digits.</summary>
    private bool IsPartitionOfListedDisk(string name)
    {
        for (var cut = name.Length - 1; cut > 0 && char.IsAsciiDigit(name[cut]); cut--)
        {
            var disk = name.AsSpan(0, cut);
            if (disk.Length > 1 && disk[^1] == 'p' && IsListed(disk[..^1]))
            {
                return true;
            }
            if (IsListed(disk))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsListed(ReadOnlySpan<char> name) =>
        _current.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(name);

    private static DiskStats Compute(string name, DiskCounters before, DiskCounters after, double seconds)
    {
        double? busy = null;
        if (before.IoTicksMs is { } startMs && after.IoTicksMs is { } endMs && seconds > 0 && endMs >= startMs)
        {
            // io_ticks is milliseconds with at least one request in flight; capped because the two
            // clocks (ours and the kernel's) never line up exactly.
            busy = Math.Min(100.0, (endMs - startMs) / (seconds * 10.0));
        }
        return new DiskStats(
            name,
            ReadBytesPerSec: Rates.PerSecond(before.SectorsRead, after.SectorsRead, seconds) * SectorBytes,
            WriteBytesPerSec: Rates.PerSecond(before.SectorsWritten, after.SectorsWritten, seconds) * SectorBytes,
            ReadOpsPerSec: Rates.PerSecond(before.Reads, after.Reads, seconds),
            WriteOpsPerSec: Rates.PerSecond(before.Writes, after.Writes, seconds),
            BusyPercent: busy);
    }
}

/// <summary>The counters of one /proc/diskstats line; <c>IoTicksMs</c> is null for the short (partition) format.</summary>
public readonly record struct DiskCounters(ulong Reads, ulong SectorsRead, ulong Writes, ulong SectorsWritten, ulong? IoTicksMs)
{
    /// <summary>
    /// Full format (kernel 2.6+, 14 or more fields): major minor name reads merged sectors ms writes merged
    /// sectors ms in-flight io_ticks weighted [discard and flush fields]. Short format (some 2.6 kernels
    /// for partitions, 7 fields): major minor name reads sectors writes sectors.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out ReadOnlySpan<char> name, out DiskCounters counters)
    {
        counters = default;
        var rest = line;
        ProcText.NextField(ref rest); // major
        ProcText.NextField(ref rest); // minor
        name = ProcText.NextField(ref rest);
        Span<ulong> values = stackalloc ulong[11];
        if (!ProcText.TryParseCounters(ref rest, values, out var count))
        {
            return false;
        }
        if (name.IsEmpty)
        {
            return false;
        }
        if (count >= 11)
        {
            counters = new DiskCounters(values[0], values[2], values[4], values[6], values[9]);
            return true;
        }
        if (count == 4)
        {
            counters = new DiskCounters(values[0], values[1], values[2], values[3], null);
            return true;
        }
        return false;
    }
}

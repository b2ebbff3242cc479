using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// Mounted filesystems from /proc/self/mounts, sized with statvfs. Only filesystems that hold data a
/// user could fill are listed: virtual ones (proc, sysfs, cgroup, tmpfs...) and read-only images
/// (squashfs snaps, ISO 9660) are left out, and a device mounted twice (bind mounts) is listed once,
/// at its first mount point. An overlay is listed only when it is the root filesystem: that is a
/// container's own disk, while overlays elsewhere are other containers' layers on a disk already listed.
/// </summary>
public sealed class FilesystemReader : IDisposable
{
    /// <summary>Filesystem types that never hold user data, or are images that are always full.</summary>
    public static readonly IReadOnlySet<string> IgnoredTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "ramfs", "cgroup", "cgroup2", "securityfs", "pstore",
        "debugfs", "tracefs", "configfs", "fusectl", "mqueue", "hugetlbfs", "bpf", "autofs", "binfmt_misc",
        "rpc_pipefs", "nsfs", "efivarfs", "selinuxfs", "squashfs", "iso9660", "udf", "fuse.lxcfs",
        "fuse.gvfsd-fuse", "fuse.portal", "fuse.snapfuse", "nfsd", "none",
    };

    private static readonly HashSet<string> RootOnlyTypes = new(StringComparer.Ordinal) { "overlay", "aufs" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> IgnoredTypeNames =
        ((HashSet<string>)IgnoredTypes).GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RootOnlyTypeNames =
        RootOnlyTypes.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly ProcTextFile _mounts;
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);
    private readonly List<Mount> _listed = new();
    private readonly IFilesystemSpace _space;
    private bool _tableRead;

    public FilesystemReader(string procDirectory, IFilesystemSpace space)
    {
        _mounts = new ProcTextFile(Path.Combine(procDirectory, "self", "mounts"));
        _space = space;
    }

    /// <summary>Times the mount table was read and parsed (it is only when it changed, on a real procfs).</summary>
    public long TableReads { get; private set; }

    /// <summary>Closes the mount table held open between readings.</summary>
    public void Dispose() => _mounts.Dispose();

    public IReadOnlyList<FilesystemStats> Read()
    {
        if (!TryRefreshTable())
        {
            return [];
        }
        var result = new List<FilesystemStats>(_listed.Count);
        foreach (var (mount, device, type) in _listed)
        {
            if (!_space.TryGet(mount, out var space) || space.Size <= 0)
            {
                continue; // unreachable (stale NFS, no permission) or a zero-sized pseudo filesystem
            }
            var used = Math.Max(0, space.Size - space.FreeForRoot);
            result.Add(new FilesystemStats(mount, device, type, space.Size, used, Math.Max(0, space.Free)));
        }
        return result;
    }

    /// <summary>
    /// Reads the mount table when it may have changed: always off procfs, and on procfs the first time and
    /// whenever the held descriptor reports a change. Sizes are asked every reading; only the list is kept.
    /// </summary>
    private bool TryRefreshTable()
    {
        if (_tableRead && _mounts.Held is { } held && !MountTableWatch.Changed(held))
        {
            return true;
        }
        // The change was asked before this read (and the kernel starts counting at open), so a change
        // during the read is reported by the next ask: at worst the table is read once more.
        if (!_mounts.TryRead(out var text))
        {
            _tableRead = false;
            return false;
        }
        TableReads++;
        _tableRead = true;
        _listed.Clear();
        _devices.Clear();
        foreach (var line in text.EnumerateLines())
        {
            // Strings only for listed filesystems: most lines are virtual ones and are skipped on spans.
            if (!TrySplitMount(line, out var deviceField, out var mountField, out var typeField)
                || !IsListed(typeField, mountField))
            {
                continue;
            }
            var device = Unescape(deviceField);
            // Bind mounts and a disk mounted twice: the first mount point (usually the shortest) wins.
            if (_devices.Add(device))
            {
                _listed.Add(new Mount(Unescape(mountField), device, typeField.ToString()));
            }
        }
        return true;
    }

    private readonly record struct Mount(string Path, string Device, string Type);

    public static bool IsListed(ReadOnlySpan<char> type, ReadOnlySpan<char> mount) =>
        RootOnlyTypeNames.Contains(type) ? mount.SequenceEqual("/") : !IgnoredTypeNames.Contains(type);

    /// <summary>The first three fields of a mounts line ("device mountpoint type options dump pass"), still escaped (a space in a path is \040).</summary>
    private static bool TrySplitMount(
        ReadOnlySpan<char> line, out ReadOnlySpan<char> device, out ReadOnlySpan<char> mount, out ReadOnlySpan<char> type)
    {
        var rest = line;
        device = ProcText.NextField(ref rest);
        mount = ProcText.NextField(ref rest);
        type = ProcText.NextField(ref rest);
        return !device.IsEmpty && !mount.IsEmpty && !type.IsEmpty;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in mount fields as three octal digits.</summary>
    public static string Unescape(ReadOnlySpan<char> field)
    {
        if (field.IndexOf('\\') < 0)
        {
            return field.ToString();
        }
        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                builder.Append((char)((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }
        return builder.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}

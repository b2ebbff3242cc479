using Scout.Actors.Metrics;

namespace Scout.Agent.Metrics;

/// <summary>
/// Mounted filesystems from /proc/self/mounts, sized with statvfs. Only filesystems that hold data a
/// user could fill are listed: virtual ones (proc, sysfs, cgroup, tmpfs...) and read-only images
/// (squashfs snaps, ISO 9660) are left out, and a device mounted twice (bind mounts) is listed once,
/// at its first mount point. An overlay is listed only when it is the root filesystem: that is a
/// container's own disk, while overlays elsewhere are other containers' layers on a disk already listed.
/// </summary>
public sealed class FilesystemReader
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

    private readonly string _mountsPath;
    private readonly IFilesystemSpace _space;

    public FilesystemReader(string procDirectory, IFilesystemSpace space)
    {
        _mountsPath = Path.Combine(procDirectory, "self", "mounts");
        _space = space;
    }

    public IReadOnlyList<FilesystemStats> Read()
    {
        if (!File.Exists(_mountsPath))
        {
            return [];
        }
        var result = new List<FilesystemStats>();
        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(_mountsPath))
        {
            if (!TryParseMount(line, out var device, out var mount, out var type) || !IsListed(type, mount))
            {
                continue;
            }
            // Bind mounts and a disk mounted twice: the first mount point (usually the shortest) wins.
            if (!devices.Add(device))
            {
                continue;
            }
            if (!_space.TryGet(mount, out var space) || space.Size <= 0)
            {
                continue; // unreachable (stale NFS, no permission) or a zero-sized pseudo filesystem
            }
            var used = Math.Max(0, space.Size - space.FreeForRoot);
            result.Add(new FilesystemStats(mount, device, type, space.Size, used, Math.Max(0, space.Free)));
        }
        return result;
    }

    public static bool IsListed(string type, string mount) =>
        RootOnlyTypes.Contains(type) ? mount == "/" : !IgnoredTypes.Contains(type);

    /// <summary>"device mountpoint type options dump pass", with spaces in paths escaped as \040.</summary>
    public static bool TryParseMount(string line, out string device, out string mount, out string type)
    {
        device = mount = type = "";
        var rest = line.AsSpan();
        var deviceField = ProcText.NextField(ref rest);
        var mountField = ProcText.NextField(ref rest);
        var typeField = ProcText.NextField(ref rest);
        if (deviceField.IsEmpty || mountField.IsEmpty || typeField.IsEmpty)
        {
            return false;
        }
        device = Unescape(deviceField);
        mount = Unescape(mountField);
        type = typeField.ToString();
        return true;
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

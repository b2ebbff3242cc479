using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>statvfs(3) through glibc/musl. The struct layout is the 64-bit Linux one (x86_64, arm64).</summary>
public sealed class LibcStatvfs : IFilesystemSpace
{
    public static readonly LibcStatvfs Instance = new();

    public bool TryGet(string mountPoint, out FilesystemSpace space)
    {
        space = default;
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return false;
        }
        if (statvfs(mountPoint, out var raw) != 0)
        {
            return false;
        }
        var unit = raw.f_frsize != 0 ? raw.f_frsize : raw.f_bsize;
        space = new FilesystemSpace(
            Size: ToBytes(raw.f_blocks, unit),
            FreeForRoot: ToBytes(raw.f_bfree, unit),
            Free: ToBytes(raw.f_bavail, unit));
        return true;
    }

    private static long ToBytes(ulong blocks, ulong unit) =>
        unit == 0 || blocks > (ulong)long.MaxValue / unit ? long.MaxValue : (long)(blocks * unit);

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled in the project.
    [DllImport("libc", EntryPoint = "statvfs", SetLastError = true)]
    private static extern int statvfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out StatvfsBuffer buffer);

    // struct statvfs on 64-bit Linux: eleven unsigned longs, then int __f_spare[6].
    [StructLayout(LayoutKind.Sequential)]
    private struct StatvfsBuffer
    {
        public ulong f_bsize;
        public ulong f_frsize;
        public ulong f_blocks;
        public ulong f_bfree;
        public ulong f_bavail;
        public ulong f_files;
        public ulong f_ffree;
        public ulong f_favail;
        public ulong f_fsid;
        public ulong f_flag;
        public ulong f_namemax;
        public int spare0, spare1, spare2, spare3, spare4, spare5;
    }
}

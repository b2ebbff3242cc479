using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>statfs(2), only to tell whether a directory is a real procfs mount.</summary>
public static class LibcStatfs
{
    private const long ProcSuperMagic = 0x9fa0;

    /// <summary>True when <paramref name="directory"/> is procfs (false for fixture trees and on error).</summary>
    public static bool IsProcfs(string directory)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return false;
        }
        // struct statfs on 64-bit Linux is 120 bytes and starts with f_type as a long; 256 leaves room.
        var raw = new byte[256];
        if (statfs(directory, raw) != 0)
        {
            return false;
        }
        return BitConverter.ToInt64(raw, 0) == ProcSuperMagic;
    }

    [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static extern int statfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}

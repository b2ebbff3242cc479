using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>
/// The pids in /proc, listed with getdents64 on a directory descriptor opened once and rewound each
/// reading: no enumerator, no per-entry strings, no lstat of the symlinks, one syscall per ~500 entries.
/// </summary>
public sealed class PidListing : IDisposable
{
    private const int Interrupted = 4; // EINTR
    private const byte DirectoryType = 4; // DT_DIR
    private const byte UnknownType = 0; // DT_UNKNOWN: filesystems that do not say; the stat read decides
    private const int NameOffset = 19; // struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name

    private readonly string _directory;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private HeldProcFile? _directoryHandle;

    public PidListing(string directory)
    {
        _directory = directory;
    }

    /// <summary>Replaces <paramref name="pids"/> with the pids listed now; empty when the directory cannot be read.</summary>
    public void Fill(List<int> pids)
    {
        pids.Clear();
        // Opening a directory read-only needs no O_DIRECTORY; the handle closes itself if never disposed.
        _directoryHandle ??= HeldProcFile.TryOpen(LibcFile.NativePath(_directory));
        if (_directoryHandle is null || lseek(_directoryHandle, 0, 0) < 0)
        {
            return;
        }
        while (true)
        {
            var count = (int)getdents64(_directoryHandle, ref _buffer[0], _buffer.Length);
            if (count < 0 && Marshal.GetLastPInvokeError() == Interrupted)
            {
                continue;
            }
            if (count <= 0)
            {
                return;
            }
            Collect(_buffer.AsSpan(0, count), pids);
        }
    }

    private static void Collect(ReadOnlySpan<byte> entries, List<int> pids)
    {
        while (entries.Length > NameOffset)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(entries[16..]);
            if (length <= NameOffset || length > entries.Length)
            {
                return;
            }
            var type = entries[18];
            var name = entries[NameOffset..length];
            var end = name.IndexOf((byte)0);
            if ((type == DirectoryType || type == UnknownType) && TryParsePid(end < 0 ? name : name[..end], out var pid))
            {
                pids.Add(pid);
            }
            entries = entries[length..];
        }
    }

    private static bool TryParsePid(ReadOnlySpan<byte> name, out int pid)
    {
        pid = 0;
        if (name.IsEmpty || name.Length > 9)
        {
            return false;
        }
        foreach (var b in name)
        {
            if (b < (byte)'0' || b > (byte)'9')
            {
                return false;
            }
            pid = pid * 10 + (b - '0');
        }
        return pid > 0;
    }

    public void Dispose()
    {
        _directoryHandle?.Dispose();
        _directoryHandle = null;
    }

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long lseek(HeldProcFile fd, long offset, int whence);

    [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static extern nint getdents64(HeldProcFile fd, ref byte buffer, nint count);
}

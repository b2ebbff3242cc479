using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>
/// A /proc/[pid] file kept open between readings and read again from offset 0 with pread: procfs
/// produces fresh content on every read, so one open per process lifetime replaces an open and a close
/// per second. Measured on a 2-core VM with ~300 processes (C, docs/benchmarks.md): open+read+close of
/// every stat 2.2 ms, pread of held descriptors 0.9 ms. The descriptor is bound to the process, not to
/// the pid number: once the process has exited, reads fail even if a new process took its pid, so a
/// held file can never report another process. Only valid on procfs (a deleted regular file would keep
/// answering), which <see cref="LibcStatfs.IsProcfs"/> checks. <see cref="PidListing"/> also holds /proc itself with it.
/// </summary>
public sealed class HeldProcFile : SafeHandle
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC on x86_64 and arm64
    private const int Interrupted = 4; // EINTR

    private HeldProcFile() : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>Opens the file, or null when it cannot be opened (the process is gone).</summary>
    public static HeldProcFile? TryOpen(byte[] nativePath)
    {
        var file = open(nativePath, ReadOnlyCloseOnExec);
        if (file.IsInvalid)
        {
            file.Dispose();
            return null;
        }
        return file;
    }

    /// <summary>
    /// Reads the whole file from the start into <paramref name="buffer"/> (grown when needed) and returns
    /// its length, or -1 when the read fails: for a held /proc/[pid] file that means the process has exited.
    /// </summary>
    /// <param name="oneRead">
    /// For single-record files such as /proc/[pid]/stat: a short read ending in a newline is the whole
    /// file, which saves the read that would only report end of file. Not for multi-record files
    /// (mounts, net/dev): procfs may end a read at any record boundary.
    /// </param>
    public int TryReadAll(ref byte[] buffer, bool oneRead = true)
    {
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var asked = buffer.Length - total;
            var count = (int)pread(this, ref buffer[total], asked, total);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }
                return -1;
            }
            if (count == 0)
            {
                return total;
            }
            total += count;
            if (oneRead && count < asked && buffer[total - 1] == (byte)'\n')
            {
                return total;
            }
        }
    }

    protected override bool ReleaseHandle() => close(handle) == 0;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern HeldProcFile open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static extern nint pread(HeldProcFile fd, ref byte buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int close(nint fd);
}

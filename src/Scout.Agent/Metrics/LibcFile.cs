using System.Runtime.InteropServices;
using System.Text;

namespace Scout.Agent.Metrics;

/// <summary>
/// open/read/close straight through libc for the per-process files read every second. .NET's file
/// handles add an fstat and an advisory flock to every open; over a few hundred /proc/[pid] files per
/// sample that was half of the agent's CPU time (docs/benchmarks.md).
/// </summary>
public static class LibcFile
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC on x86_64 and arm64
    private const int Interrupted = 4; // EINTR

    /// <summary>A path as libc wants it: UTF-8 with a terminating NUL. Build once, read many times.</summary>
    public static byte[] NativePath(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>
    /// Reads the whole file into <paramref name="buffer"/> (grown when needed) and returns its length,
    /// or -1 when it cannot be opened or read: for /proc/[pid] files that means the process is gone.
    /// </summary>
    /// <param name="oneRead">
    /// For single-record files such as /proc/[pid]/stat: a read that returned less than asked and ends
    /// with a newline is the whole file, which saves the read that would only report end of file.
    /// </param>
    public static int TryReadAll(byte[] nativePath, ref byte[] buffer, bool oneRead)
    {
        var fd = open(nativePath, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return -1;
        }
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var asked = buffer.Length - total;
                var count = (int)Read(fd, ref buffer[total], asked);
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
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int close(int fd);
}

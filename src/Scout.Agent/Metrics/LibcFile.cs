using System.Text;

namespace Scout.Agent.Metrics;

/// <summary>
/// open/read/close straight through libc for /proc files read once (command lines, status) or on trees
/// where descriptors are not held. .NET's file handles add an fstat and an advisory flock to every open;
/// over a few hundred /proc/[pid] files per sample that was half of the agent's CPU time
/// (docs/benchmarks.md).
/// </summary>
public static class LibcFile
{
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
    /// <param name="oneRead">See <see cref="HeldProcFile.TryReadAll"/>: only for single-record files.</param>
    public static int TryReadAll(byte[] nativePath, ref byte[] buffer, bool oneRead)
    {
        using var file = HeldProcFile.TryOpen(nativePath);
        return file?.TryReadAll(ref buffer, oneRead) ?? -1;
    }
}

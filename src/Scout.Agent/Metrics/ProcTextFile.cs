using System.Text;

namespace Scout.Agent.Metrics;

/// <summary>
/// A whole-machine /proc text file (stat, meminfo, loadavg, diskstats, net/dev, mounts) read every sample
/// into buffers kept between samples. File.ReadAllText allocated a FileStream, its buffers and a string
/// per file and sample, most of a sample's 73 KiB, and .NET's open added an fstat and a flock. On a real
/// procfs the file also stays open and is read again from offset 0 (procfs writes it afresh on every read
/// from the start), which saves an open and a close per file and second; elsewhere (fixture trees, whose
/// files tests replace) it is opened for each read.
/// </summary>
public sealed class ProcTextFile : IDisposable
{
    private readonly byte[] _nativePath;
    private readonly bool _hold;
    private HeldProcFile? _held;
    private byte[] _bytes = new byte[4096];
    private char[] _chars = new char[4096];

    /// <param name="hold">Keep the file open between reads; null decides by the filesystem (procfs only).</param>
    public ProcTextFile(string path, bool? hold = null)
    {
        Path = path;
        _nativePath = LibcFile.NativePath(path);
        _hold = hold ?? LibcStatfs.IsProcfs(System.IO.Path.GetDirectoryName(path)!);
    }

    public string Path { get; }

    /// <summary>The descriptor held open, once the first read opened it (null when files are not held).</summary>
    internal HeldProcFile? Held => _held;

    /// <summary>Whether the file is open between reads now.</summary>
    public bool IsHeld => _held is not null;

    /// <summary>
    /// The file's text, valid until the next read of this file; false when it does not exist or cannot be
    /// read (containers without diskstats, for example).
    /// </summary>
    public bool TryRead(out ReadOnlySpan<char> text)
    {
        var length = ReadBytes();
        if (length < 0)
        {
            text = default;
            return false;
        }
        if (_chars.Length < length)
        {
            _chars = new char[_bytes.Length]; // UTF-8 never decodes to more chars than it has bytes
        }
        var count = Encoding.UTF8.GetChars(_bytes.AsSpan(0, length), _chars);
        text = _chars.AsSpan(0, count);
        return true;
    }

    /// <summary>The file's text; a file every Linux has (meminfo, stat, loadavg) missing is an error.</summary>
    public ReadOnlySpan<char> Read() =>
        TryRead(out var text) ? text : throw new FileNotFoundException($"Cannot read '{Path}'.", Path);

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }

    private int ReadBytes()
    {
        if (!_hold)
        {
            return LibcFile.TryReadAll(_nativePath, ref _bytes, oneRead: false);
        }
        var reopened = _held is null;
        _held ??= HeldProcFile.TryOpen(_nativePath);
        var length = _held?.TryReadAll(ref _bytes, oneRead: false) ?? -1;
        if (length < 0)
        {
            // Not there (yet), or the held descriptor went bad: try one fresh open now, and keep failing
            // files closed so the next reading opens afresh rather than keep failing.
            Dispose();
            if (!reopened)
            {
                return ReadBytes();
            }
        }
        return length;
    }
}

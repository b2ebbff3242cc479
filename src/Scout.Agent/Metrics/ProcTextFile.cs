using System.Text;

namespace Scout.Agent.Metrics;

/// <summary>
/// A whole-machine /proc text file (stat, meminfo, loadavg, diskstats, net/dev, mounts) read every sample
/// into buffers kept between samples. File.ReadAllText allocated a FileStream, its buffers and a string
/// per file and sample, most of a sample's 73 KiB, and .NET's open added an fstat and a flock.
/// </summary>
public sealed class ProcTextFile
{
    private readonly byte[] _nativePath;
    private byte[] _bytes = new byte[4096];
    private char[] _chars = new char[4096];

    public ProcTextFile(string path)
    {
        Path = path;
        _nativePath = LibcFile.NativePath(path);
    }

    public string Path { get; }

    /// <summary>
    /// The file's text, valid until the next read of this file; false when it does not exist or cannot be
    /// read (containers without diskstats, for example).
    /// </summary>
    public bool TryRead(out ReadOnlySpan<char> text)
    {
        var length = LibcFile.TryReadAll(_nativePath, ref _bytes, oneRead: false);
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
}

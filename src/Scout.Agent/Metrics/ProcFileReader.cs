namespace Scout.Agent.Metrics;

/// <summary>
/// A reader of one whole-machine /proc file that every Linux has (stat, meminfo, loadavg): holds the file
/// open between readings (<see cref="ProcTextFile"/>) and turns each reading's text into <typeparamref name="T"/>.
/// </summary>
public abstract class ProcFileReader<T> : IDisposable
{
    private readonly ProcTextFile _file;

    /// <param name="fileName">The file's name inside <paramref name="procDirectory"/>.</param>
    protected ProcFileReader(string procDirectory, string fileName)
    {
        _file = new ProcTextFile(Path.Combine(procDirectory, fileName));
    }

    /// <summary>Closes the file held open between readings.</summary>
    public void Dispose() => _file.Dispose();

    public T Read() => ReadFrom(_file.Read());

    /// <summary>One reading of the file's text, valid only during the call.</summary>
    protected abstract T ReadFrom(ReadOnlySpan<char> text);
}

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// A fixture machine under Fixtures/proc/&lt;case&gt;/{before,after}, copied into a private temp root so a
/// reader pointed at it sees its files change between two readings, as it would on a real /proc.
/// </summary>
public sealed class ProcFixture : IDisposable
{
    private readonly string _case;

    public ProcFixture(string caseName)
    {
        _case = Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc", caseName);
        if (!Directory.Exists(_case))
        {
            throw new DirectoryNotFoundException($"No fixture case '{caseName}' at {_case}");
        }
        Root = Path.Combine(Path.GetTempPath(), "scout-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Show("before");
    }

    /// <summary>The fake "/" (holds proc/ and etc/).</summary>
    public string Root { get; }

    public string Proc => Path.Combine(Root, "proc");

    public string Passwd => Path.Combine(Root, "etc", "passwd");

    /// <summary>Replace the tree with the "after" reading.</summary>
    public void Advance() => Show("after");

    /// <summary>Overwrites one file of the current tree (for one-off edge cases).</summary>
    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    private void Show(string phase)
    {
        foreach (var dir in Directory.GetDirectories(Root))
        {
            Directory.Delete(dir, recursive: true);
        }
        var from = Path.Combine(_case, phase);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(Root, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test for.
        }
    }
}

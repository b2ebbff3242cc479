namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// A fixture machine under Fixtures/proc/&lt;case&gt;/{before,after}, copied into a private temp root so a
/// reader pointed at it sees its files change between two readings, as it would on a real /proc.
/// Files are rewritten in place (a descriptor held open reads the new text, as on procfs), and the files
/// of a process that exits, or whose pid another process takes (a different start time in stat), are
/// emptied before they are deleted, so a descriptor held on them stops answering as procfs's does.
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

    public void Delete(string relativePath) => End(Path.Combine(Root, relativePath));

    private void Show(string phase)
    {
        var from = Path.Combine(_case, phase);
        if (Directory.Exists(Proc))
        {
            foreach (var process in Directory.GetDirectories(Proc))
            {
                var pid = Path.GetFileName(process);
                var next = Path.Combine(from, "proc", pid);
                if (int.TryParse(pid, out _) && (!Directory.Exists(next) || StartTime(process) != StartTime(next)))
                {
                    foreach (var file in Directory.GetFiles(process, "*", SearchOption.AllDirectories))
                    {
                        End(file);
                    }
                    Directory.Delete(process, recursive: true);
                }
            }
        }
        var wanted = Directory.GetFiles(from, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(from, file))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
        {
            if (!wanted.Contains(Path.GetRelativePath(Root, file)))
            {
                End(file);
            }
        }
        foreach (var relative in wanted)
        {
            var to = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.WriteAllBytes(to, File.ReadAllBytes(Path.Combine(from, relative))); // truncates in place: same inode
        }
    }

    /// <summary>Empties a file, then deletes it: a descriptor still open on it reads nothing from now on.</summary>
    private static void End(string file)
    {
        File.WriteAllBytes(file, []);
        File.Delete(file);
    }

    /// <summary>Field 22 of a process directory's stat (after the ")" that ends comm); null without stat.</summary>
    private static string? StartTime(string processDirectory)
    {
        var stat = Path.Combine(processDirectory, "stat");
        if (!File.Exists(stat))
        {
            return null;
        }
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 ? fields[19] : null;
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

using System.Diagnostics;

namespace Scout.Bench.AgentCost;

/// <summary>
/// A process the benchmark starts and always stops (by its own pid, with its descendants), with its
/// output drained so a full pipe never stalls it. The last lines are kept for error messages.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}"));
        child._process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines it printed (stdout and stderr), for a failure message.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}

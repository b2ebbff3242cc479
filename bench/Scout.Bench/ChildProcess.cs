using System.Diagnostics;

namespace Scout.Bench;

/// <summary>
/// A process the bench starts and always stops (by its own pid, with its descendants), with its stdout and
/// stderr drained so a full pipe never stalls it: the last lines are kept for failure messages, and every
/// line also goes to a log file when one is given.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int TailLines = 20;
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private StreamWriter? _log;

    private ChildProcess(Process process, StreamWriter? log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="logPath">Where every line it prints goes as well; null: only the last lines are kept.</param>
    public static ChildProcess Start(string file, IEnumerable<string> args, string workingDirectory,
        IEnumerable<KeyValuePair<string, string>>? env = null, string? logPath = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? [])
            info.Environment[key] = value;
        var log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}"), log);
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
            return string.Join(Environment.NewLine, _tail);
    }

    /// <summary>
    /// Polls <paramref name="condition"/> (an HTTP probe, typically) until it holds; fails with the process's last
    /// lines when the process exits first or the condition does not hold within 90 s.
    /// </summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyWait;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (HasExited)
                throw new InvalidOperationException($"waiting for {what}: the process exited with {ExitCode}:{Environment.NewLine}{Tail()}");
            try
            {
                if (await condition())
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first answer on a busy machine
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"{what} not reached in {ReadyWait.TotalSeconds:0} s:{Environment.NewLine}{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
                _tail.Dequeue();
            _log?.WriteLine(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(StopWait);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}

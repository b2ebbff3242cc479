using System.Diagnostics;
using System.Text;

namespace Scout.Tests.Ops;

/// <summary>
/// The built scout-ops run as its own process (from its own output folder: copied into the tests' folder it would load the web host's trimmed dependencies), for what only a
/// real process has: signals. Stdin stays open and empty, so top waits for a key that never comes.
/// </summary>
public sealed class OpsProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpsProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static OpsProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll());
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return new OpsProcess(Process.Start(info)!);
    }

    /// <summary>Sends a signal by name (TERM, INT) the way an operator's shell or a service manager would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{name} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{name} {_process.Id} failed with {kill.ExitCode}");
    }

    public async Task<int> Exit(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within * Support.ScoutTestKit.TimeFactor);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>The built scout-ops.dll of the configuration the tests run in.</summary>
    public static string Dll() => Support.BuiltPrograms.Dll(Path.Combine("src", "Scout.Ops"), "scout-ops.dll");
}

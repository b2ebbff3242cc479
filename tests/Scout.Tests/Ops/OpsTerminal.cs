using System.Diagnostics;
using System.Text;

namespace Scout.Tests.Ops;

/// <summary>
/// The built scout-ops with a real terminal as stdin and stderr (a pseudo-terminal from util-linux
/// <c>script</c>) and stdout redirected to a file, as in <c>scout-ops users add ... &gt; log</c>. <see cref="Screen"/>
/// is what the operator sees: everything the terminal shows, echo included.
/// </summary>
public sealed class OpsTerminal : IDisposable
{
    private readonly Process _script;
    private readonly StringBuilder _screen = new();
    private readonly Task _reading;

    private OpsTerminal(Process script)
    {
        _script = script;
        _reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await script.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_screen)
                    _screen.Append(buffer, 0, read);
            }
        });
    }

    public string Screen
    {
        get
        {
            lock (_screen)
                return _screen.ToString();
        }
    }

    public static OpsTerminal Start(string stdoutFile, params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", OpsProcess.Dll() }.Concat(args).Select(Quote)) + " > " + Quote(stdoutFile);
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "--quiet", "--flush", "--return", "--command", command, "/dev/null" })
            info.ArgumentList.Add(arg);
        return new OpsTerminal(Process.Start(info)!);
    }

    /// <summary>Types text at the terminal (a carriage return is the Enter key).</summary>
    public void Type(string text)
    {
        _script.StandardInput.Write(text);
        _script.StandardInput.Flush();
    }

    public async Task<int> Exit(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within * Support.ScoutTestKit.TimeFactor);
        await _script.WaitForExitAsync(cts.Token);
        await _reading;
        return _script.ExitCode;
    }

    public void Dispose()
    {
        if (!_script.HasExited)
            _script.Kill(entireProcessTree: true);
        _script.Dispose();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

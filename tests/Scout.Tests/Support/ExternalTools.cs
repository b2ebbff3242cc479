using System.Diagnostics;

namespace Scout.Tests.Support;

/// <summary>Real tools the operability specs run (promtool, prometheus, systemd-analyze, sh): a missing one fails the
/// spec with how to install it, never skips it.</summary>
public static class ExternalTools
{
    /// <summary>The tool's full path; a failure naming the Debian package when it is not installed.</summary>
    public static string Require(string tool, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path))
                return path;
        }
        throw new InvalidOperationException($"{tool} is not installed: apt-get install -y {package} (.ci/run does)");
    }

    /// <summary>Runs a tool to its end with <paramref name="stdin"/> fed and closed; killed and a failure after <paramref name="within"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string tool, IEnumerable<string> args, TimeSpan within,
        string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {within}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Scout.Tests.Bench;

/// <summary>
/// Keeps the pipeline bench from rotting: runs it as its own process (from its own output folder, with the
/// node it starts from src/Scout.Web's output) for a few seconds, and checks what it reports, not how fast.
/// </summary>
public sealed class PipelineSmokeSpecs
{
    [Fact]
    public async Task Pipeline_with_five_agents_and_five_watchers_delivers_every_sample_and_ends_with_a_parsable_summary()
    {
        var (exitCode, output) = await RunBench("pipeline", "--agents", "5", "--watchers", "5", "--seconds", "3");

        Assert.True(exitCode == 0, $"bench exited with {exitCode}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var summary = Summary(lines[^1]);
        var sent = long.Parse(summary["sent"], CultureInfo.InvariantCulture);
        // 5 agents at 1 Hz over 3 s; at least 2 whole seconds even if a tick slips on a loaded machine.
        Assert.True(sent >= 10, $"only {sent} samples sent:\n{output}");
        // Each watcher watches one server and each server one watcher: every sample is one delivery.
        Assert.Equal(sent, long.Parse(summary["expected"], CultureInfo.InvariantCulture));
        Assert.Equal(sent, long.Parse(summary["delivered"], CultureInfo.InvariantCulture));
        Assert.Equal("0", summary["lost"]);
        Assert.True(double.Parse(summary["p50_ms"], CultureInfo.InvariantCulture) > 0, lines[^1]);
        Assert.True(double.Parse(summary["node_cpu_pct"], CultureInfo.InvariantCulture) > 0, lines[^1]);
        Assert.True(double.Parse(summary["first_p99_ms"], CultureInfo.InvariantCulture) > 0, lines[^1]);
    }

    private static Dictionary<string, string> Summary(string line)
    {
        Assert.StartsWith("summary ", line);
        return line["summary ".Length..].Split(' ').Select(pair =>
        {
            var parts = pair.Split('=');
            Assert.True(parts.Length == 2 && parts[0].Length > 0, $"not key=value: '{pair}'");
            return (Key: parts[0], Value: parts[1]);
        }).ToDictionary(p => p.Key, p => p.Value);
    }

    private static async Task<(int ExitCode, string Output)> RunBench(params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ScoutRealtime.sln")))
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("no repository root");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0
        var dll = Path.Combine(root, "bench", "Scout.Bench", "bin", configuration, "net10.0", "scout-bench.dll");
        Assert.True(File.Exists(dll), $"bench not built: {dll}");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench did not finish within 3 minutes:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}

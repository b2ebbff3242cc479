using System.Globalization;
using Scout.Tests.Support;
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
        var (output, summary, line) = await RunPipeline("--agents", "5", "--watchers", "5", "--seconds", "3", "--settle", "1");

        var sent = long.Parse(summary["sent"], CultureInfo.InvariantCulture);
        // 5 agents at 1 Hz over 3 s; at least 2 whole seconds even if a tick slips on a loaded machine.
        Assert.True(sent >= 10, $"only {sent} samples sent:\n{output}");
        // Each watcher watches one server and each server one watcher: every sample is one delivery.
        Assert.Equal(sent, long.Parse(summary["expected"], CultureInfo.InvariantCulture));
        Assert.Equal(sent, long.Parse(summary["delivered"], CultureInfo.InvariantCulture));
        Assert.Equal("0", summary["lost"]);
        Assert.Equal("1", summary["settle"]);
        Assert.Contains("[scout] settling for 1 s before the window", output);
        Assert.True(double.Parse(summary["p50_ms"], CultureInfo.InvariantCulture) > 0, line);
        Assert.True(double.Parse(summary["node_cpu_pct"], CultureInfo.InvariantCulture) > 0, line);
        Assert.True(double.Parse(summary["first_p99_ms"], CultureInfo.InvariantCulture) > 0, line);
    }

    [Fact]
    public async Task Pipeline_across_three_nodes_delivers_every_sample_from_the_agents_node_to_the_watchers_nodes()
    {
        var (output, summary, _) = await RunPipeline("--agents", "3", "--watchers", "2", "--seconds", "3", "--settle", "0", "--nodes", "3");

        Assert.Contains("[scout x3] watching; first samples all in", output);
        var sent = long.Parse(summary["sent"], CultureInfo.InvariantCulture);
        // Two watched servers at 1 Hz over 3 s; a CI machine running the whole suite has been seen to slip a tick
        // or two (3 sent in a 2 s window), so this only checks that whole seconds went by, not every tick.
        Assert.True(sent >= 3, $"only {sent} samples sent:\n{output}");
        // Two of the three agents' servers are watched, one watcher each.
        Assert.Equal(summary["expected"], summary["delivered"]);
        Assert.Equal("0", summary["lost"]);
    }

    [Fact]
    public async Task Pipeline_with_the_bare_relay_baseline_delivers_every_sample_of_both_targets()
    {
        var (output, summary, _) = await RunPipeline("--agents", "3", "--watchers", "3", "--seconds", "3", "--settle", "0", "--baseline", "signalr");

        Assert.Contains("[bare] watching; first samples all in", output);
        // The relay runs from the bench's own dll with a runtime config of its own (SignalR's defaults): it started,
        // and every sample its publishers sent reached its watchers.
        Assert.True(long.Parse(summary["bare_expected"], CultureInfo.InvariantCulture) >= 3, output);
        Assert.Equal(summary["bare_expected"], summary["bare_delivered"]);
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

    /// <summary>Runs <c>scout-bench pipeline</c> with <paramref name="args"/>; it must exit 0 and end with its summary line.</summary>
    private static async Task<(string Output, Dictionary<string, string> Summary, string SummaryLine)> RunPipeline(params string[] args)
    {
        var dll = BuiltPrograms.Dll(Path.Combine("bench", "Scout.Bench"), "scout-bench.dll");
        var (exitCode, stdout, stderr) = await BuiltPrograms.Run(dll, ["pipeline", .. args], TimeSpan.FromMinutes(3));
        var output = stdout + stderr;
        Assert.True(exitCode == 0, $"bench exited with {exitCode}:\n{output}");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return (output, Summary(line), line);
    }
}

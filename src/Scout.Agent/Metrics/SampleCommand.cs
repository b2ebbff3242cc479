using System.Text.Json;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// <c>scout-agent sample [--json]</c>: what the agent would send, read from this machine. Two readings
/// one second apart, because rates and CPU shares need an interval; the second one is printed.
/// </summary>
public static class SampleCommand
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(TextWriter stdout, bool json, CancellationToken ct)
    {
        var source = new ProcMetricsSource();
        source.Read();
        await Task.Delay(Interval, ct);
        var sample = source.Read();
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(sample, MetricsJson.Indented));
        }
        else
        {
            await WriteSummaryAsync(stdout, sample);
        }
        return 0;
    }

    private static async Task WriteSummaryAsync(TextWriter stdout, MetricsSample sample)
    {
        const double MiB = 1024 * 1024;
        var cpu = sample.Cpu.Total;
        await stdout.WriteLineAsync(FormattableString.Invariant(
            $"cpu busy {cpu?.Busy:0.0}%  load {sample.Load.One:0.00} {sample.Load.Five:0.00} {sample.Load.Fifteen:0.00}"));
        await stdout.WriteLineAsync(FormattableString.Invariant(
            $"memory used {sample.Memory.Used / MiB:0} MiB of {sample.Memory.Total / MiB:0} MiB, swap used {sample.Memory.SwapUsed / MiB:0} MiB"));
        foreach (var fs in sample.Filesystems)
        {
            await stdout.WriteLineAsync(FormattableString.Invariant($"fs {fs.Mount} {fs.Used / MiB:0}/{fs.Size / MiB:0} MiB ({fs.Type})"));
        }
        foreach (var p in sample.Processes)
        {
            await stdout.WriteLineAsync(FormattableString.Invariant($"{p.Pid,7} {p.CpuPercent,6:0.0}% {p.Rss / MiB,8:0.0} MiB {p.User,-10} {p.Command}"));
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Scout.Bench.Pipeline;

/// <summary>GC figures of the server over the measuring window, from dotnet-counters (System.Runtime meter).</summary>
public sealed record GcFigures(double PauseMsTotal, double PauseMsWorstSecond, long Gen0, long Gen1, long Gen2);

/// <summary>
/// Runs <c>dotnet-counters collect</c> (installed as a tool: <c>dotnet tool install --tool-path /tmp/tools
/// dotnet-counters</c>) against the server for the window, at 1 s resolution, and sums its CSV.
/// </summary>
public sealed class GcCounters
{
    private readonly Process _process;
    private readonly string _csv;

    private GcCounters(Process process, string csv)
    {
        _process = process;
        _csv = csv;
    }

    public static GcCounters? Start(string? tool, int pid)
    {
        if (tool is null)
            return null;
        var csv = Path.Combine(Path.GetTempPath(), "scout-bench", $"counters-{pid}-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime",
                     "--format", "csv", "-o", csv, "--refresh-interval", "1" })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GcCounters(process, csv);
    }

    public async Task<GcFigures> StopAsync()
    {
        // 'q' on stdin ends a collect session cleanly (the CSV is flushed); kill only if it does not listen.
        await _process.StandardInput.WriteAsync('q');
        await _process.StandardInput.FlushAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();

        double total = 0, worst = 0;
        long gen0 = 0, gen1 = 0, gen2 = 0;
        foreach (var line in File.Exists(_csv) ? File.ReadLines(_csv) : [])
        {
            var fields = line.Split(',');
            if (fields.Length < 5 || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var name = fields[2];
            if (name.StartsWith("dotnet.gc.pause.time", StringComparison.Ordinal))
            {
                total += value * 1000;
                worst = Math.Max(worst, value * 1000);
            }
            else if (name.StartsWith("dotnet.gc.collections", StringComparison.Ordinal))
            {
                if (name.Contains("gen0", StringComparison.Ordinal)) gen0 += (long)value;
                else if (name.Contains("gen1", StringComparison.Ordinal)) gen1 += (long)value;
                else if (name.Contains("gen2", StringComparison.Ordinal)) gen2 += (long)value;
            }
        }
        File.Delete(_csv);
        return new GcFigures(total, worst, gen0, gen1, gen2);
    }
}

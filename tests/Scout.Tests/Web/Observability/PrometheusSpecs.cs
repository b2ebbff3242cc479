using System.Diagnostics;
using System.Text.Json;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.Observability;

/// <summary>The node's /metrics against Prometheus' own tools: promtool's lint of the real output, and a real
/// Prometheus (Debian's 2.42) scraping a real node with the bearer token while a stream runs.</summary>
public sealed class PrometheusSpecs : IAsyncLifetime
{
    private readonly StreamingNode _streaming = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("scout-prometheus-").FullName;
    private Process? _prometheus;

    public Task InitializeAsync() => _streaming.StartStream("prometheus-scraped");

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
            _prometheus.Kill(entireProcessTree: true);
        _prometheus?.Dispose();
        await _streaming.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Promtool_check_metrics_accepts_the_nodes_output()
    {
        var promtool = ExternalTools.Require("promtool", "prometheus");
        var text = await _streaming.Scrape();

        var (code, stdout, stderr) = await ExternalTools.Run(promtool, ["check", "metrics"], TimeSpan.FromSeconds(30), stdin: text);

        Assert.True(code == 0 && stdout.Trim().Length == 0 && stderr.Trim().Length == 0,
            $"promtool check metrics exited {code}:\n{stdout}\n{stderr}");
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_node_with_its_token_and_answers_samples_relayed()
    {
        var binary = ExternalTools.Require("prometheus", "prometheus");
        var tokenFile = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenFile, StreamingNode.Token);
        var config = Path.Combine(_folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "prometheus", "scout-alerts.yml")}
            scrape_configs:
              - job_name: scout
                authorization:
                  credentials_file: {tokenFile}
                static_configs:
                  - targets: ["{_streaming.Node.Address.Authority}"]
            """);
        var port = BuiltPrograms.FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
        };
        _prometheus = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        _prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _prometheus.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _prometheus.BeginErrorReadLine();
        _prometheus.BeginOutputReadLine();
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        double relayed = 0;
        await Eventually.Holds(async () =>
        {
            Assert.False(_prometheus.HasExited, $"prometheus exited:\n{log}");
            Assert.Equal(1, await Query(api, "up{job=\"scout\"}"));
            relayed = await Query(api, "scout_samples_relayed_total{job=\"scout\"}");
            Assert.True(relayed > 0, "no samples relayed yet");
        }, TimeSpan.FromSeconds(60));

        // The stream goes on, and so does the count Prometheus keeps.
        await Eventually.Holds(async () =>
            Assert.True(await Query(api, "scout_samples_relayed_total{job=\"scout\"}") > relayed), TimeSpan.FromSeconds(30));
        Assert.True(await Query(api, "sum(scout_live_streams)") >= 1);
    }

    /// <summary>The value of an instant query with one series; NaN when it has none (yet).</summary>
    private static async Task<double> Query(HttpClient api, string promql)
    {
        string body;
        try
        {
            body = await api.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        }
        catch (HttpRequestException)
        {
            return double.NaN; // not listening yet
        }
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? double.NaN
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Observability;
using Xunit;

namespace Scout.Tests.Web.Observability;

/// <summary>/metrics as an operator and an anonymous visitor meet it, with a stream running; /readyz and /healthz.</summary>
public sealed class MetricsEndpointSpecs : IAsyncLifetime
{
    private readonly StreamingNode _streaming = new(("Scout:Metrics:Urls", "http://127.0.0.1:0"));

    public Task InitializeAsync() => _streaming.StartStream("metrics-endpoint");

    public async Task DisposeAsync() => await _streaming.DisposeAsync();

    [Fact]
    public async Task Without_the_token_the_answer_is_401_on_the_public_port_and_on_the_metrics_listener()
    {
        var listener = _streaming.Node.Service<MetricsListener>().Addresses.Single();
        using var anonymous = new HttpClient();
        foreach (var url in new[] { new Uri(_streaming.Node.Address, "/metrics"), new Uri(listener, "/metrics") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, url);
            wrong.Headers.Authorization = new("Bearer", StreamingNode.Token + "x");
            var refused = await anonymous.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task With_the_token_it_shows_the_stream_in_prometheus_text()
    {
        string text = "";
        await Eventually.Holds(async () =>
        {
            text = await _streaming.Scrape();
            Assert.True(Value(text, "scout_samples_received_total") > 0, "samples received");
            Assert.True(Value(text, "scout_samples_relayed_total") > 0, "samples relayed");
            Assert.True(Value(text, "scout_sample_latency_seconds_count") > 0, "latency observed");
            foreach (var hop in new[] { "agent_to_hub", "agent_to_proxy", "proxy_to_session", "session_to_bridge" })
                Assert.True(Value(text, $"scout_sample_hop_seconds_count{{hop=\"{hop}\"}}") > 0, $"hop {hop} observed");
            Assert.True(Value(text, "scout_live_streams") >= 1, "a live stream");
            Assert.True(Value(text, "scout_watchers") >= 1, "a watcher");
            Assert.True(Value(text, "scout_agents_connected") >= 1, "an agent");
            Assert.True(Value(text, "scout_browser_connections") >= 1, "a browser");
            Assert.Equal(1, Value(text, "scout_cluster_members{status=\"up\"}"));
            Assert.True(Value(text, "scout_sessions") >= 1, $"a session here (scout_sessions {Value(text, "scout_sessions")})");
        }, TimeSpan.FromSeconds(30));
        Assert.Matches("# TYPE scout_samples_received(_total)? counter", text);
        Assert.Contains("# TYPE scout_sample_latency_seconds histogram", text);
        Assert.Matches("# TYPE dotnet_gc_pause_seconds(_total)? counter", text);
        Assert.Contains("scout_sample_latency_seconds_bucket{le=\"0.005\"}", text);
        Assert.Contains("process_cpu_seconds_total", text);
        Assert.Contains("dotnet_collection_count_total", text);
        Assert.Contains("dotnet_threadpool_threads", text);
        // Labels carry only fixed words: no server ids, hostnames, account ids or emails.
        Assert.DoesNotContain("metrics-endpoint", text);
        Assert.DoesNotContain("demo@localhost", text);
        Assert.DoesNotContain(await _streaming.Node.DemoAccountId(), text);
    }

    [Fact]
    public async Task A_dropped_sample_is_counted_by_a_fixed_reason()
    {
        var account = await _streaming.Node.DemoAccountId();
        var (agent, _) = await _streaming.Node.HandMadeAgent(await _streaming.Node.NewAgentKey(account), "metrics-dropper");
        await using (agent)
        {
            // Not asked to stream: every sample is dropped as not_streaming.
            await agent.SendAsync(Scout.Actors.AgentWire.AgentHubMethods.Sample, Samples.At("whatever", Samples.Now));
            await Eventually.Holds(async () =>
                Assert.True(Value(await _streaming.Scrape(), "scout_samples_dropped_total{reason=\"not_streaming\"}") >= 1),
                TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task Readyz_lists_every_check_healthy_and_healthz_stays_up()
    {
        using var http = _streaming.Node.CreatePortClient();
        var ready = await http.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        foreach (var check in new[] { "database", "akka.actorsystem", "akka.cluster.join", "session-region" })
            Assert.Contains($"\"{check}\":{{\"status\":\"healthy\"", body);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>The value of the series named exactly (with its labels) in Prometheus text; NaN when absent.</summary>
    public static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + @" ([^ \n]+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }
}

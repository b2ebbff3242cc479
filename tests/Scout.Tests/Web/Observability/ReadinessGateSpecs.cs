using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Observability;
using Xunit;

namespace Scout.Tests.Web.Observability;

/// <summary>
/// With the gate on (the shipped default), a node that is not ready answers everything but its health and metrics
/// with 503 and Retry-After, which nginx passes on to the next node; once ready it serves.
/// </summary>
public sealed class ReadinessGateSpecs : IAsyncLifetime
{
    private readonly List<ScoutNodeFactory> _nodes = [];

    private ScoutNodeFactory Node(params (string Key, string? Value)[] settings)
    {
        var node = new ScoutNodeFactory(RealtimeNode.Settings([(ReadinessGate.Setting, "true"), .. settings]));
        _nodes.Add(node);
        node.Start();
        return node;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task A_node_that_has_not_joined_its_cluster_refuses_requests_with_503_and_retry_after_but_answers_health()
    {
        // Its only seed is another node, which is not there: it waits to join and never becomes an Up member.
        var node = Node(("Scout:Cluster:Seeds:0", $"akka.tcp://scout@127.0.0.1:{BuiltPrograms.FreePort()}"));
        using var http = new HttpClient { BaseAddress = node.Address };

        var api = await http.GetAsync("/api/servers");
        var page = await http.GetAsync("/login");
        var agents = await http.PostAsync("/hubs/agent/negotiate?negotiateVersion=1", null);
        var ready = await http.GetAsync(ReadinessHosting.Path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("1", api.Headers.RetryAfter?.ToString());
        Assert.Equal("node not ready; try again", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, agents.StatusCode);
        // /readyz itself answers, naming the check that holds the node back.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_node_that_became_ready_serves_requests()
    {
        var node = Node();
        using var http = new HttpClient { BaseAddress = node.Address };

        await Eventually.Holds(async () => Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ReadinessHosting.Path)).StatusCode),
            TimeSpan.FromSeconds(30));
        await Eventually.Holds(async () =>
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/servers")).StatusCode), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
    }
}

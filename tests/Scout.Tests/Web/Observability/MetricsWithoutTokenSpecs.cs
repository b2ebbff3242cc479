using System.Net;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Observability;
using Xunit;

namespace Scout.Tests.Web.Observability;

/// <summary>A node without a token: /metrics is not on the public port at all, and its own listener serves it.</summary>
public sealed class MetricsWithoutTokenSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings(("Scout:Metrics:Urls", "http://127.0.0.1:0")));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task The_public_port_has_no_metrics_and_the_listener_serves_them()
    {
        _node.Start();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_node.Address, "/metrics"))).StatusCode);
        var listener = _node.Service<MetricsListener>().Addresses.Single();
        var text = await http.GetStringAsync(new Uri(listener, "/metrics"));
        Assert.Contains("scout_cluster_members", text);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(listener, "/login"))).StatusCode);
    }
}

using Scout.Agent.Hosting;
using Scout.Tests.Web.BrowserHub;

namespace Scout.Tests.Web.Observability;

/// <summary>A node with a metrics token and a stream running on it: a real agent (this machine's /proc) and a browser
/// watching its server, so every sample metric moves.</summary>
public sealed class StreamingNode : IAsyncDisposable
{
    public const string Token = "metrics-token-for-tests-7f3a";

    private AgentHost? _agent;

    public StreamingNode(params (string Key, string? Value)[] extra) =>
        Node = new ScoutNodeFactory(RealtimeNode.Settings([("Scout:Metrics:Token", Token), .. extra]));

    public ScoutNodeFactory Node { get; }

    public Browser? Browser { get; private set; }

    public async Task StartStream(string hostname)
    {
        var account = await Node.DemoAccountId();
        _agent = await Node.StartAgent(await Node.NewAgentKey(account), hostname);
        var serverId = await Node.OnlineServerId(account, hostname);
        Browser = await Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        await Browser.StartRealtime(serverId);
        await Browser.NextSamples(2, TimeSpan.FromSeconds(15));
    }

    /// <summary>GET /metrics on the public port with the token.</summary>
    public async Task<string> Scrape()
    {
        using var http = Node.CreatePortClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        if (_agent is not null)
            await _agent.DisposeAsync();
        await Node.DisposeAsync();
    }
}

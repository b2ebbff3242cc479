using System.Net;
using System.Net.Http.Json;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Agent.Hosting;
using Scout.Agent.Link;

namespace Scout.Bench.Pipeline;

/// <summary>
/// A Scout node: started by the bench as a child process from src/Scout.Web's build output (so /proc
/// measures the node alone, and it runs with its own runtime settings exactly as in production), or an
/// existing node given by <c>--server URL</c>. Agents are the real <see cref="AgentLink"/> actors, all in
/// one ActorSystem of the bench; watchers log in once as one user and open one hub connection each, like
/// tabs of one browser.
/// </summary>
public sealed class ScoutTarget : IPipelineTarget
{
    public const string DemoEmail = "demo@localhost";
    private const string ServersPath = "/api/servers";

    private readonly ServerProcess? _node;
    private readonly Uri _address;
    private readonly CookieContainer _cookies = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..6];
    private ActorSystem? _agents;

    private ScoutTarget(ServerProcess? node, Uri address)
    {
        _node = node;
        _address = address;
    }

    public string Name => "scout";

    public ProcReader? Server => _node?.Proc;

    /// <summary>Starts a node (or uses <paramref name="server"/>) and logs in as the demo user.</summary>
    public static async Task<ScoutTarget> StartAsync(Uri? server, string password, CancellationToken ct)
    {
        ServerProcess? node = null;
        if (server is null)
        {
            var root = Repo.Root();
            var web = Path.Combine(root, "src", "Scout.Web");
            var dll = Path.Combine(web, "bin", Repo.Configuration(), "net10.0", "Scout.Web.dll");
            if (!File.Exists(dll))
                throw new InvalidOperationException($"node not built: {dll} (build the bench, which builds src/Scout.Web)");
            var port = Repo.FreePort();
            var work = Path.Combine(Path.GetTempPath(), "scout-bench", "node-" + Guid.NewGuid().ToString("N"));
            var env = new Dictionary<string, string>
            {
                ["Scout__Database__Path"] = Path.Combine(work, "scout.db"),
                ["Scout__EmbeddedAgent__Enabled"] = "false",
                ["Scout__Cluster__Port"] = "0",
                ["Scout__Demo__Password"] = password,
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            // Absolute content root: run from another folder, the node would not find its files (wwwroot).
            node = await ServerProcess.StartAsync(dll, ["--urls", $"http://127.0.0.1:{port}", "--contentRoot", web],
                work, env, port, "/healthz", ct);
            server = node.Address;
        }

        var target = new ScoutTarget(node, server);
        try
        {
            using var http = target.Http();
            var login = await http.PostAsJsonAsync("/api/login", new { email = DemoEmail, password }, ct);
            if (login.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"login as {DemoEmail} answered {(int)login.StatusCode}");
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private HttpClient Http() =>
        new(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<IReadOnlyList<string>> StartAgentsAsync(IReadOnlyList<SyntheticMetricsSource> sources, CancellationToken ct)
    {
        using var http = Http();
        var answer = await http.PostAsync("/api/account/agent-keys", null, ct);
        var key = (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<AgentKeyAnswer>(ct))?.Key
            ?? throw new InvalidOperationException("no agent key in the answer");

        // Real agents run on separate machines with unrelated clocks. Here all streamers share one scheduler,
        // and the agent's 100 ms tick would fire them in bursts of a tenth of all agents at once (queueing
        // that a real fleet does not cause, ~20 ms at 1,000 agents); Akka's 10 ms tick spreads them out.
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.scheduler.tick-duration = 10ms
            """).WithFallback(AgentConfig.Load());
        _agents = ActorSystem.Create("bench-agents", config);
        var hostnames = new string[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            hostnames[i] = $"bench-{_runId}-{i:D5}";
            var options = new AgentOptions { Servers = [_address], Key = key, Hostname = hostnames[i] };
            // No local buffer: every reading of the source is then a streamed sample, which the bench counts.
            _agents.ActorOf(AgentLink.Props(options, sources[i], buffer: null), $"agent-{i}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(60 + sources.Count / 20.0);
        while (true)
        {
            var listed = await http.GetFromJsonAsync<ServerAnswer[]>(ServersPath, ct) ?? [];
            var online = listed.Where(s => s.Online).ToDictionary(s => s.Hostname, s => s.Id);
            if (hostnames.All(online.ContainsKey))
                return hostnames.Select(h => online[h]).ToArray();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"only {hostnames.Count(online.ContainsKey)} of {hostnames.Length} agents came online");
            await Task.Delay(500, ct);
        }
    }

    public HubConnection NewWatcher() => new HubConnectionBuilder()
        .WithUrl(new Uri(_address, "/hubs/metrics"), o =>
        {
            o.Cookies = _cookies;
            o.Transports = HttpTransportType.WebSockets;
        })
        .Build();

    public Task WatchAsync(HubConnection watcher, string serverId, CancellationToken ct) =>
        watcher.InvokeAsync("StartRealtime", serverId, ct);

    public async ValueTask DisposeAsync()
    {
        if (_agents is not null)
            await _agents.Terminate();
        if (_node is not null)
            await _node.DisposeAsync();
    }

    private sealed record AgentKeyAnswer(string Key);

    private sealed record ServerAnswer(string Id, string Hostname, bool Online);
}

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
/// Scout: one node, or a cluster of several (<c>--nodes N</c>), started by the bench as child processes from
/// src/Scout.Web's build output (so /proc measures the nodes alone, and they run with their own runtime settings
/// exactly as in production), or an existing node given by <c>--server URL</c>. Agents are the real
/// <see cref="AgentLink"/> actors, all in one ActorSystem of the bench; watchers log in once per node as one user
/// and open one hub connection each, like tabs of one browser. With several nodes the agents connect to the first
/// and the watchers to the others in turn, so every sample crosses from one node to another on its way.
/// </summary>
public sealed class ScoutTarget : IPipelineTarget
{
    public const string DemoEmail = "demo@localhost";
    private const string ServersPath = "/api/servers";

    private readonly IReadOnlyList<ServerProcess> _nodes;
    private readonly Uri _agentsNode;
    private readonly IReadOnlyList<Uri> _watcherNodes;
    // One browser's cookies: a login cookie for each node's address (the container keeps them per host).
    private readonly CookieContainer _cookies = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..6];
    private ActorSystem? _agents;
    private int _watchersMade;

    private ScoutTarget(IReadOnlyList<ServerProcess> nodes, IReadOnlyList<Uri> addresses)
    {
        _nodes = nodes;
        _agentsNode = addresses[0];
        var watcherNodes = addresses.Count == 1 ? addresses : addresses.Skip(1);
        _watcherNodes = watcherNodes.ToList();
        Name = addresses.Count == 1 ? "scout" : $"scout x{addresses.Count}";
    }

    public string Name { get; }

    /// <summary>The nodes the bench started, for the per-hop breakdown from their /metrics.</summary>
    public IReadOnlyList<Uri> NodeAddresses => _nodes.Select(n => n.Address).ToList();

    /// <summary>Every node the bench started (CPU and RSS summed); null for <c>--server URL</c>.</summary>
    public ProcReader? Server => _nodes.Count == 0 ? null : new ProcReader(_nodes.Select(n => n.Proc.Pid).ToArray());

    /// <summary>Starts <paramref name="nodes"/> nodes (or uses <paramref name="server"/>) and logs in as the demo user.</summary>
    public static async Task<ScoutTarget> StartAsync(Uri? server, string password, int nodes, CancellationToken ct)
    {
        var started = new List<ServerProcess>();
        ScoutTarget? target = null;
        try
        {
            if (server is null)
                started.AddRange(await StartNodesAsync(nodes, password, ct));
            target = new ScoutTarget(started, server is null ? started.Select(n => n.Address).ToList() : [server]);
            foreach (var address in target._watcherNodes.Prepend(target._agentsNode).Distinct())
            {
                using var http = target.Http(address);
                var login = await http.PostAsJsonAsync("/api/login", new { email = DemoEmail, password }, ct);
                if (login.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"login as {DemoEmail} at {address} answered {(int)login.StatusCode}");
            }
            return target;
        }
        catch
        {
            if (target is not null)
                await target.DisposeAsync();
            else
                foreach (var node in started)
                    await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One node, or a cluster on 127.0.0.1, .2, .3 … (each its own address, as machines would be): every node a seed,
    /// one SQLite file and one cookie-key folder shared on this machine's disk (what PostgreSQL does for machines),
    /// started one after another, each ready (/readyz: an Up member with its shard region; until then it answers 503) before the next.
    /// </summary>
    private static async Task<List<ServerProcess>> StartNodesAsync(int count, string password, CancellationToken ct)
    {
        var root = Repo.Root();
        var web = Path.Combine(root, "src", "Scout.Web");
        var dll = Path.Combine(web, "bin", Repo.Configuration(), "net10.0", "Scout.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"node not built: {dll} (build the bench, which builds src/Scout.Web)");
        var work = Path.Combine(Path.GetTempPath(), "scout-bench", "cluster-" + Guid.NewGuid().ToString("N"));
        var hosts = Enumerable.Range(1, count).Select(i => count == 1 ? "127.0.0.1" : $"127.0.0.{i}").ToArray();
        var akkaPorts = hosts.Select(_ => Repo.FreePort()).ToArray();
        var nodes = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var port = Repo.FreePort();
                var env = new Dictionary<string, string>
                {
                    ["Scout__Database__Path"] = Path.Combine(work, "scout.db"),
                    ["Scout__DataProtection__KeysPath"] = Path.Combine(work, "keys"),
                    ["Scout__EmbeddedAgent__Enabled"] = "false",
                    ["Scout__Demo__Password"] = password,
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    // Thousands of new servers of one account in seconds is what the bench is, and what the node's
                    // admission limits are there to refuse from a real key (docs/security.md, "Agents").
                    ["Scout__Agents__MaxServersPerAccount"] = "1000000",
                    ["Scout__Agents__NewServerBurst"] = "1000000",
                    ["Scout__Agents__NewServersPerMinute"] = "1000000",
                    // And one user with a thousand tabs, each asking for its stream at once.
                    ["Scout__BrowserHub__CallBurst"] = "1000000",
                    ["Scout__BrowserHub__CallsPerSecond"] = "1000000",
                    // The per-hop breakdown reads each node's /metrics.
                    ["Scout__Metrics__Token"] = HopBreakdown.Token,
                };
                if (count == 1)
                    env["Scout__Cluster__Port"] = "0";
                else
                {
                    env["Scout__Cluster__Hostname"] = hosts[i];
                    env["Scout__Cluster__Port"] = akkaPorts[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                    for (var s = 0; s < count; s++)
                        env[$"Scout__Cluster__Seeds__{s}"] = $"akka.tcp://scout@{hosts[s]}:{akkaPorts[s]}";
                }
                // Absolute content root: run from another folder, the node would not find its files (wwwroot).
                nodes.Add(await ServerProcess.StartAsync(dll, ["--urls", $"http://{hosts[i]}:{port}", "--contentRoot", web],
                    Path.Combine(work, $"node-{i + 1}"), env, new Uri($"http://{hosts[i]}:{port}"), "/readyz", ct));
            }
            return nodes;
        }
        catch
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
            throw;
        }
    }

    private HttpClient Http(Uri address) =>
        new(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<IReadOnlyList<string>> StartAgentsAsync(IReadOnlyList<SyntheticMetricsSource> sources, CancellationToken ct)
    {
        using var http = Http(_agentsNode);
        var answer = await http.PostAsync("/api/account/agent-keys", null, ct);
        var key = (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<AgentKeyAnswer>(ct))?.Key
            ?? throw new InvalidOperationException("no agent key in the answer");

        // Real agents run on separate machines, each with its actors on a thread of its own (agent.hocon's
        // AgentThreadExecutor). Here a thousand share one process, and one thread for all of them would be a queue
        // no real fleet has, so the bench's agents run on the .NET thread pool, as the bare relay's publishers do.
        // (Measured with a probe: from reading to the SignalR send, 0.02 ms p50 either way.) The agent's own
        // scheduler stays: it fires each stream's timer when due, not on a tick.
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.default-dispatcher.executor = "thread-pool-executor"
            """).WithFallback(AgentConfig.Load());
        _agents = ActorSystem.Create("bench-agents", config);
        var hostnames = new string[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            hostnames[i] = $"bench-{_runId}-{i:D5}";
            var options = new AgentOptions { Servers = [_agentsNode], Key = key, Hostname = hostnames[i] };
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

    /// <summary>A watcher on the next watchers' node in turn.</summary>
    public HubConnection NewWatcher()
    {
        var address = _watcherNodes[_watchersMade++ % _watcherNodes.Count];
        return new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/metrics"), o =>
            {
                o.Cookies = _cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
    }

    public Task WatchAsync(HubConnection watcher, string serverId, CancellationToken ct) =>
        watcher.InvokeAsync("StartRealtime", serverId, ct);

    public async ValueTask DisposeAsync()
    {
        if (_agents is not null)
            await _agents.Terminate();
        var cluster = _nodes.Count > 0 ? Path.GetDirectoryName(_nodes[0].Folder) : null;
        foreach (var node in _nodes)
            await node.DisposeAsync();
        // The shared database and cookie keys sit beside the nodes' folders: they go too, unless a node that ended by
        // itself left its folder (and log) for a look.
        if (cluster is not null && Directory.Exists(cluster) && !Directory.EnumerateDirectories(cluster, "node-*").Any())
        {
            try
            {
                Directory.Delete(cluster, recursive: true);
            }
            catch (IOException)
            {
                // a file still closing: temp is cleaned by the OS eventually
            }
        }
    }

    private sealed record AgentKeyAnswer(string Key);

    private sealed record ServerAnswer(string Id, string Hostname, bool Online);
}

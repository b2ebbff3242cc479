using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Bench.Relay;

namespace Scout.Bench.Pipeline;

/// <summary>
/// The bare relay baseline: <see cref="RelayHub"/> in a child process (the bench's own dll), agents that
/// are plain hub connections publishing a reading of the same synthetic source every second.
/// </summary>
public sealed class RelayTarget : IPipelineTarget
{
    private readonly ServerProcess _relay;
    private readonly List<HubConnection> _agents = [];
    private readonly List<Timer> _timers = [];

    private RelayTarget(ServerProcess relay) => _relay = relay;

    public string Name => "bare";

    public ProcReader? Server => _relay.Proc;

    public static async Task<RelayTarget> StartAsync(CancellationToken ct)
    {
        var port = Repo.FreePort();
        var work = Path.Combine(Path.GetTempPath(), "scout-bench", "relay-" + Guid.NewGuid().ToString("N"));
        var dll = typeof(RelayTarget).Assembly.Location;
        Directory.CreateDirectory(work);
        var relay = await ServerProcess.StartAsync(dll, ["relay-host", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            work, new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{port}"), "/healthz", ct,
            runtimeConfig: WithSignalRDefaults(dll, work));
        return new RelayTarget(relay);
    }

    /// <summary>
    /// The bench's runtime settings without what it sets for itself as a load generator (its thread pool does not spin,
    /// Scout.Bench.csproj): the relay is the floor as SignalR ships, so it runs with the runtime's defaults.
    /// </summary>
    private static string WithSignalRDefaults(string dll, string folder)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")))!;
        config["runtimeOptions"]?["configProperties"]?.AsObject().Remove("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit");
        var path = Path.Combine(folder, "relay.runtimeconfig.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private HubConnection Connection() => new HubConnectionBuilder()
        .WithUrl(new Uri(_relay.Address, RelayHub.Path), o => o.Transports = HttpTransportType.WebSockets)
        .Build();

    public async Task<IReadOnlyList<string>> StartAgentsAsync(IReadOnlyList<SyntheticMetricsSource> sources, CancellationToken ct)
    {
        var ids = sources.Select((_, i) => $"bare-{i:D5}").ToArray();
        await ConnectIdleAsync(sources.Count, ct);
        // Streams from the start (there are no directives); spread over the second like real agents.
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var id = ids[i];
            var connection = _agents[i];
            _timers.Add(new Timer(_ => _ = connection.SendAsync("Publish", source.Read() with { ServerId = id }),
                null, TimeSpan.FromMilliseconds(1000.0 * i / sources.Count), TimeSpan.FromSeconds(1)));
        }
        return ids;
    }

    /// <summary>Hub connections that publish nothing (yet): the relay's idle floor for <c>idle --baseline signalr</c>,
    /// and the agents' connections before their timers start.</summary>
    public async Task ConnectIdleAsync(int count, CancellationToken ct) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (_, token) =>
            {
                var connection = Connection();
                await connection.StartAsync(token);
                lock (_agents)
                    _agents.Add(connection);
            });

    public HubConnection NewWatcher() => Connection();

    public Task WatchAsync(HubConnection watcher, string serverId, CancellationToken ct) => watcher.InvokeAsync("Watch", serverId, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var timer in _timers)
            await timer.DisposeAsync();
        foreach (var agent in _agents)
            await agent.DisposeAsync();
        await _relay.DisposeAsync();
    }
}

using Microsoft.AspNetCore.SignalR.Client;

namespace Scout.Bench.Pipeline;

/// <summary>
/// What the pipeline bench drives: a server that agents stream into and watchers read from. Ours (a Scout
/// node, <see cref="ScoutTarget"/>) or the bare SignalR relay baseline (<see cref="RelayTarget"/>).
/// </summary>
public interface IPipelineTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The server process when the bench started it (for CPU and RSS); null for <c>--server URL</c>.</summary>
    ProcReader? Server { get; }

    /// <summary>Connects one agent per source; returns the server id of each, in the same order.</summary>
    Task<IReadOnlyList<string>> StartAgentsAsync(IReadOnlyList<SyntheticMetricsSource> sources, CancellationToken ct);

    /// <summary>A watcher's hub connection, not started yet (the caller adds its handlers first).</summary>
    HubConnection NewWatcher();

    /// <summary>Asks the server to send this watcher the samples of <paramref name="serverId"/>.</summary>
    Task WatchAsync(HubConnection watcher, string serverId, CancellationToken ct);
}

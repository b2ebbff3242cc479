using Akka.Actor;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;

namespace Scout.Agent.Link;

/// <summary>
/// The SignalR connection to one server's agent hub, and the only place that knows the hub's method
/// names. Everything that happens to it reaches the link as a message: the server's calls (Welcome,
/// StartStreaming, StopStreaming) as the directive records themselves, the outcome of a start as
/// <see cref="Started"/> or <see cref="StartFailed"/>, the end of a connection as <see cref="Closed"/>.
/// SignalR runs those callbacks on its own threads, so they only Tell; the link alone touches its state.
/// One address per instance: a link that fails over between nodes would hold one per node.
/// </summary>
internal sealed class AgentHubConnection
{
    private readonly HubConnection _connection;
    private readonly IActorRef _link;

    /// <param name="link">Receives the hub's calls and the connection's events; must be an actor, never called directly.</param>
    /// <param name="loggerFactory">Passed to the SignalR client so its own warnings reach the host's logs.</param>
    public AgentHubConnection(Uri hubAddress, string key, ILoggerFactory? loggerFactory, IActorRef link)
    {
        _link = link;
        var builder = new HubConnectionBuilder()
            .WithUrl(hubAddress, http => http.AccessTokenProvider = () => Task.FromResult<string?>(key))
            // Compile-time JSON metadata for the hub's payloads: the natively compiled agent has no other.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, WireJsonContext.Default));
        if (loggerFactory is not null)
            builder.Services.AddSingleton(loggerFactory);
        _connection = builder.Build();
        // In step with the hub's settings: an idle agent pings less often than SignalR's default 15 s.
        _connection.KeepAliveInterval = AgentHubMethods.AgentKeepAlive;
        _connection.ServerTimeout = AgentHubMethods.NodeSilenceLimit;

        _connection.On<AgentDirectives.Welcome>(AgentHubMethods.Welcome, welcome => link.Tell(welcome));
        _connection.On<AgentDirectives.StartStreaming>(AgentHubMethods.StartStreaming, start => link.Tell(start));
        _connection.On<AgentDirectives.StopStreaming>(AgentHubMethods.StopStreaming, stop => link.Tell(stop));
        _connection.Closed += error =>
        {
            link.Tell(new Closed(error));
            return Task.CompletedTask;
        };
    }

    /// <summary>The connection to one of the servers in the agent's options (its hub path, with the agent's hostname).</summary>
    public static AgentHubConnection For(Uri server, AgentOptions options, ILoggerFactory? loggerFactory, IActorRef link) =>
        new(AgentHubAddress.For(server, options.Hostname), options.Key, loggerFactory, link);

    /// <summary>Connects (again, after a close or a failed start); the outcome arrives as <see cref="Started"/> or <see cref="StartFailed"/>.</summary>
    public void Start() =>
        _connection.StartAsync().PipeTo(_link,
            success: () => Started.Instance,
            failure: error => new StartFailed(error));

    /// <summary>A one-way send: the task completes once the message is written to the connection, not when the server has it.</summary>
    public Task SendSample(MetricsSample sample) => _connection.SendAsync(AgentHubMethods.Sample, sample);

    /// <inheritdoc cref="SendSample"/>
    public Task SendBackfill(MetricsSample[] batch) => _connection.SendAsync(AgentHubMethods.Backfill, batch);

    /// <summary>An invocation: completes with the server's answer, which it gives only after its durable write.</summary>
    public Task<ReportAck> InvokeReport(MinuteReport report) => _connection.InvokeAsync<ReportAck>(AgentHubMethods.Report, report);

    /// <summary>Fire and forget: an actor never blocks; disposing closes the socket in the background.</summary>
    public void Close() => _ = _connection.DisposeAsync().AsTask();

    /// <summary>The connection is up (the server may have called us already: see the link's stash).</summary>
    public sealed class Started
    {
        public static readonly Started Instance = new();
        private Started() { }
    }

    /// <summary>The connection could not be made: unreachable, or a refused key (see <see cref="KeyRefusal"/>).</summary>
    public sealed record StartFailed(Exception Error);

    /// <summary>An established connection ended; null when the server closed it without an error.</summary>
    public sealed record Closed(Exception? Error);
}

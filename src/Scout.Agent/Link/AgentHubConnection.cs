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
/// StartStreaming, StopStreaming, Refused) as the directive records themselves, the outcome of a start as
/// <see cref="Started"/> or <see cref="StartFailed"/>, the end of a connection as <see cref="Closed"/>.
/// SignalR runs those callbacks on its own threads, so they only Tell; the link alone touches its state.
/// One node per instance: the link makes a new one when it moves to another node and closes the old.
/// </summary>
internal sealed class AgentHubConnection
{
    /// <summary>
    /// Longest wait for a connection to be made (negotiate, transport, handshake). A node whose machine is
    /// gone answers nothing, and the operating system's connect timeout is about two minutes: the link
    /// should try the next node long before that.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly HubConnection _connection;
    private readonly IActorRef _link;

    /// <param name="server">The node's base URL, as the options give it (for logs and the link's status).</param>
    /// <param name="link">Receives the hub's calls and the connection's events; must be an actor, never called directly.</param>
    /// <param name="loggerFactory">Passed to the SignalR client so its own warnings reach the host's logs.</param>
    public AgentHubConnection(Uri server, Uri hubAddress, string key, ILoggerFactory? loggerFactory, IActorRef link)
    {
        Server = server;
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
        _connection.On<AgentDirectives.Refused>(AgentHubMethods.Refused, refused => link.Tell(refused));
        _connection.Closed += error =>
        {
            link.Tell(new Closed(error));
            return Task.CompletedTask;
        };
    }

    /// <summary>The connection to one of the servers in the agent's options (its hub path, with the agent's hostname).</summary>
    public static AgentHubConnection For(Uri server, AgentOptions options, ILoggerFactory? loggerFactory, IActorRef link) =>
        new(server, AgentHubAddress.For(server, options.Hostname), options.Key, loggerFactory, link);

    public Uri Server { get; }

    /// <summary>
    /// Up now. A connection can drop right after its start succeeded, and its Closed can then reach the link
    /// before its <see cref="Started"/> does (two threads tell them): the link checks this on Started.
    /// </summary>
    public bool IsConnected => _connection.State == HubConnectionState.Connected;

    /// <summary>
    /// Connects (again, after a close or a failed start); the outcome arrives as <see cref="Started"/> or
    /// <see cref="StartFailed"/>, at the latest after <see cref="StartTimeout"/>.
    /// </summary>
    public void Start()
    {
        var timeout = new CancellationTokenSource(StartTimeout);
        _connection.StartAsync(timeout.Token)
            .ContinueWith(start =>
            {
                var timedOut = timeout.IsCancellationRequested;
                timeout.Dispose();
                return start.IsCompletedSuccessfully ? start
                    : timedOut ? Task.FromException(new TimeoutException($"no connection within {StartTimeout.TotalSeconds:0} s"))
                    : start;
            }, TaskScheduler.Default)
            .Unwrap()
            .PipeTo(_link,
                success: () => Started.Instance,
                failure: error => new StartFailed(error));
    }

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

    /// <summary>The connection could not be made: unreachable, too slow, or a refused key (see <see cref="KeyRefusal"/>).</summary>
    public sealed record StartFailed(Exception Error);

    /// <summary>An established connection ended; null when the server closed it without an error.</summary>
    public sealed record Closed(Exception? Error);
}

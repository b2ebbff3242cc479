using Akka.Actor;
using Akka.Event;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Link;

/// <summary>
/// The agent's connection to the server's agent hub. Turns hub calls into messages to itself (SignalR
/// threads never touch actor state), runs the streamer child on the server's directives, stamps the
/// server id from Welcome into every sample and sends it up without awaiting in the mailbox.
/// States: connecting → connected ⇄ reconnecting; reconnects forever with capped, jittered backoff,
/// except when the server refuses the key: then it tells its parent and stops.
/// </summary>
public sealed class AgentLink : ReceiveActor, IWithTimers, IWithStash
{
    private const string RetryTimer = "retry";

    private readonly AgentOptions _options;
    private readonly IMetricsSource _source;
    private readonly IActorRef? _buffer;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private HubConnection _connection = null!;
    private IActorRef? _streamer;
    private int _streamerCount;
    private string? _serverId;
    private string _state = "connecting";
    private int _attempt;
    private int _connectionAttempts;
    private long _samplesSent;
    private long _sendFailures;
    private long _droppedBeforeWelcome;

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public AgentLink(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _source = source;
        _buffer = buffer;
        _loggerFactory = loggerFactory;
        Connecting();
    }

    /// <param name="buffer">The local buffer for backfill, or null when the buffer is off.</param>
    /// <param name="loggerFactory">Passed to the SignalR client so its own warnings reach the host's logs.</param>
    public static Props Props(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory = null) =>
        Akka.Actor.Props.Create(() => new AgentLink(options, source, buffer, loggerFactory));

    protected override void PreStart()
    {
        _connection = BuildConnection();
        _log.Info("Connecting to {0} as {1}", _options.Server, _options.Hostname);
        Connect();
    }

    protected override void PostStop()
    {
        // Fire and forget: an actor never blocks; disposing closes the socket in the background.
        _ = _connection.DisposeAsync().AsTask();
    }

    private HubConnection BuildConnection()
    {
        var key = _options.Key;
        var builder = new HubConnectionBuilder()
            .WithUrl(AgentHubAddress.For(_options), http => http.AccessTokenProvider = () => Task.FromResult<string?>(key))
            // Compile-time JSON metadata for the hub's payloads: the natively compiled agent has no other.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, WireJsonContext.Default));
        if (_loggerFactory is not null)
            builder.Services.AddSingleton(_loggerFactory);
        var connection = builder.Build();
        // In step with the hub's settings: an idle agent pings less often than SignalR's default 15 s.
        connection.KeepAliveInterval = AgentHubMethods.AgentKeepAlive;
        connection.ServerTimeout = AgentHubMethods.NodeSilenceLimit;

        // SignalR calls these on its own threads: only Tell, never touch fields.
        var self = Self;
        connection.On<AgentDirectives.Welcome>(AgentHubMethods.Welcome, welcome => self.Tell(welcome));
        connection.On<AgentDirectives.StartStreaming>(AgentHubMethods.StartStreaming, start => self.Tell(start));
        connection.On<AgentDirectives.StopStreaming>(AgentHubMethods.StopStreaming, stop => self.Tell(stop));
        connection.Closed += error =>
        {
            self.Tell(new ConnectionClosed(error));
            return Task.CompletedTask;
        };
        return connection;
    }

    private void Connect()
    {
        _connectionAttempts++;
        _connection.StartAsync().PipeTo(Self,
            success: () => Connected.Instance,
            failure: error => new ConnectFailed(error));
    }

    // ---- states ----

    private void Connecting()
    {
        _state = "connecting";
        Receive<Connected>(_ => OnConnected());
        Receive<ConnectFailed>(failed => OnConnectFailed(failed.Error));
        StashHubCalls();
        CommonReceives();
    }

    /// <summary>
    /// The server greets (and may start a stream) as soon as it accepts the connection, which can be
    /// before our StartAsync continuation arrives here: keep those calls until we are connected.
    /// </summary>
    private void StashHubCalls()
    {
        Receive<AgentDirectives.Welcome>(_ => Stash.Stash());
        Receive<AgentDirectives.IAgentDirective>(_ => Stash.Stash());
    }

    private void ConnectedState()
    {
        _state = "connected";
        Receive<AgentDirectives.Welcome>(welcome =>
        {
            if (string.IsNullOrWhiteSpace(welcome.ServerId))
            {
                // Samples stamped with no id would be dropped by the server anyway; keep waiting for a real Welcome.
                _log.Warning("Welcome without a server id ignored");
                return;
            }
            _serverId = welcome.ServerId;
            _log.Info("Welcomed by the server as server {0} of account {1}", welcome.ServerId, welcome.AccountId);
        });
        Receive<AgentDirectives.StartStreaming>(StartOrUpdateStream);
        // Forget the streamer at once: a StartStreaming right behind this stop must start a new one,
        // not go to the dying actor's dead letters.
        Receive<AgentDirectives.StopStreaming>(stop => StopStream(stop.Reason));
        Receive<StreamerProtocol.StreamedSample>(streamed => SendSample(streamed.Sample));
        Receive<LocalBufferProtocol.BufferContents>(SendBackfill);
        Receive<ReporterProtocol.SendReport>(SendReport);
        Receive<Sent>(_ => _samplesSent++);
        Receive<SendFailed>(failed =>
        {
            _sendFailures++;
            // First failure of a run is a warning, the rest are counted (visible in the link status).
            if (_sendFailures == 1 || _sendFailures % 100 == 0)
                _log.Warning("Sending to the server failed ({0} so far): {1}", _sendFailures, failed.Error.Message);
        });
        Receive<ConnectionClosed>(closed =>
        {
            StopStream("connection lost");
            _serverId = null;
            _attempt = 0;
            _log.Warning("Connection to {0} lost ({1}); reconnecting", _options.Server, closed.Error?.Message ?? "closed by the server");
            BecomeReconnecting();
        });
        CommonReceives();
    }

    private void Reconnecting()
    {
        _state = "reconnecting";
        Receive<Retry>(_ => Connect());
        Receive<Connected>(_ => OnConnected());
        Receive<ConnectFailed>(failed => OnConnectFailed(failed.Error));
        StashHubCalls();
        CommonReceives();
    }

    /// <summary>Messages every state handles the same way.</summary>
    private void CommonReceives()
    {
        Receive<AgentLinkProtocol.GetStatus>(_ => Sender.Tell(new AgentLinkProtocol.LinkStatus(
            _state, _serverId, _streamer is not null, _samplesSent, _sendFailures, _droppedBeforeWelcome, _connectionAttempts)));
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_streamer)) _streamer = null;
        });
        // Late samples of a stream stopped on disconnect, results of sends on a closed connection,
        // hub calls racing a disconnect: nothing to do with them outside the connected state.
        Receive<StreamerProtocol.StreamedSample>(_ => { });
        Receive<LocalBufferProtocol.BufferContents>(_ => { });
        Receive<ReporterProtocol.SendReport>(send => Sender.Tell(new ReporterProtocol.ReportNotSent(send.Report.ReportId, $"link {_state}")));
        Receive<Sent>(_ => _samplesSent++);
        Receive<SendFailed>(_ => _sendFailures++);
        Receive<ConnectionClosed>(_ => { });
    }

    // ---- transitions ----

    private void OnConnected()
    {
        _log.Info(_attempt == 0 ? "Connected to {0}" : "Reconnected to {0} after {1} attempts", _options.Server, _attempt);
        _attempt = 0;
        Timers.Cancel(RetryTimer);
        Become(ConnectedState);
        Stash.UnstashAll();
    }

    private void OnConnectFailed(Exception error)
    {
        if (KeyRefusal.StatusOf(error) is { } status)
        {
            var message = $"the server {_options.Server} refused the agent key (HTTP {(int)status})";
            _log.Error("Stopping: {0}", message);
            Context.Parent.Tell(new AgentLinkProtocol.KeyRefused((int)status, message));
            Context.Stop(Self);
            return;
        }

        if (_state == "connecting")
        {
            // Logged once on entering reconnecting; the attempts that follow go to debug.
            _log.Warning("Could not connect to {0} ({1}); retrying with backoff up to {2}", _options.Server, error.Message, _options.Reconnect.MaxBackoff);
            BecomeReconnecting();
            return;
        }

        _attempt++;
        _log.Debug("Reconnect attempt {0} failed: {1}", _attempt, error.Message);
        ScheduleRetry();
    }

    private void BecomeReconnecting()
    {
        Become(Reconnecting);
        ScheduleRetry();
    }

    private void ScheduleRetry() =>
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, _options.Reconnect.DelayFor(_attempt, Random.Shared.NextDouble()));

    // ---- streaming ----

    private void StartOrUpdateStream(AgentDirectives.StartStreaming start)
    {
        // Never two streamers: a second start while one runs only updates interval and lease.
        if (_streamer is null)
        {
            _streamer = Context.ActorOf(Streamer.Props(_source, Self, _buffer, start), $"streamer-{++_streamerCount}");
            Context.Watch(_streamer);
        }
        else
        {
            _streamer.Tell(start);
        }

        if (start.SendBackfill)
            _buffer?.Tell(LocalBufferProtocol.GetBuffer.Instance);
    }

    private void StopStream(string reason)
    {
        if (_streamer is null) return;
        _log.Info("Stopping the stream: {0}", reason);
        Context.Unwatch(_streamer);
        Context.Stop(_streamer);
        _streamer = null;
    }

    private void SendSample(MetricsSample sample)
    {
        if (_serverId is null)
        {
            // The server has not said which server this is yet: a sample without its id is useless to it.
            if (_droppedBeforeWelcome++ == 0)
                _log.Warning("Sample dropped: no Welcome from the server yet (further drops are counted)");
            return;
        }

        var send = _connection.SendAsync(AgentHubMethods.Sample, sample with { ServerId = _serverId });
        // A send usually completes at once (written to the connection's pipe): count it here rather than
        // pay a continuation and a message to ourselves once a second.
        if (send.IsCompletedSuccessfully)
            _samplesSent++;
        else
            send.PipeTo(Self, success: () => Sent.Instance, failure: error => new SendFailed(error));
    }

    /// <summary>
    /// An invocation, not a send: the server answers only after its durable write, and the answer (or the
    /// failure) goes back to the reporter, which alone decides what leaves its spool.
    /// </summary>
    private void SendReport(ReporterProtocol.SendReport send)
    {
        var reportId = send.Report.ReportId;
        if (_serverId is null)
        {
            Sender.Tell(new ReporterProtocol.ReportNotSent(reportId, "no Welcome from the server yet"));
            return;
        }
        _connection.InvokeAsync<Scout.Actors.AgentWire.ReportAck>(AgentHubMethods.Report, send.Report with { ServerId = _serverId })
            .PipeTo(Sender,
                success: ack => ack,
                failure: error => new ReporterProtocol.ReportNotSent(reportId, error.Message));
    }

    private void SendBackfill(LocalBufferProtocol.BufferContents contents)
    {
        if (_serverId is null || contents.Samples.Count == 0) return;
        var serverId = _serverId;
        var batches = BackfillBatches.Split(
            [.. contents.Samples.Select(s => s with { ServerId = serverId })], Math.Max(1, _options.BackfillBatchSize));
        _log.Info("Sending a backfill of {0} samples in {1} messages", contents.Samples.Count, batches.Count);
        // Slices are sent oldest first; each sample carries its own time, so the server can order them regardless.
        foreach (var batch in batches)
            _connection.SendAsync(AgentHubMethods.Backfill, batch)
                .PipeTo(Self, success: () => Sent.Instance, failure: error => new SendFailed(error));
    }

    // ---- private messages ----

    private sealed class Connected
    {
        public static readonly Connected Instance = new();
        private Connected() { }
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
        private Retry() { }
    }

    private sealed class Sent
    {
        public static readonly Sent Instance = new();
        private Sent() { }
    }

    private sealed record ConnectFailed(Exception Error);

    private sealed record ConnectionClosed(Exception? Error);

    private sealed record SendFailed(Exception Error);
}

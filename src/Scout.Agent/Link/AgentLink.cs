using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Link;

/// <summary>
/// The agent's connection to the server's agent hub, as a state machine:
/// connecting → connected ⇄ reconnecting. Reconnects forever with capped, jittered backoff, except when
/// the server refuses the key: then it tells its parent and stops. Each state decides what the
/// messages mean in it and hands the work to its parts: <see cref="AgentHubConnection"/> (the SignalR
/// connection, whose calls and events arrive here as messages), <see cref="StreamerChild"/> (the streamer
/// the server's directives run), <see cref="SampleSender"/> with <see cref="SendCounts"/> (samples and
/// backfill up) and <see cref="ReportSender"/> (minute reports up, answers to the reporter).
/// </summary>
public sealed class AgentLink : ReceiveActor, IWithTimers, IWithStash
{
    private const string RetryTimer = "retry";

    private readonly AgentOptions _options;
    private readonly IActorRef? _buffer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AgentHubConnection _connection;
    private readonly StreamerChild _streamer;
    private readonly SendCounts _sends;
    private readonly SampleSender _samples;
    private readonly ReportSender _reports;
    /// <summary>From the current connection's Welcome: which server this agent is. Null before it and after a loss.</summary>
    private string? _serverId;
    /// <summary>Failed attempts since the last connection; the backoff grows with it.</summary>
    private int _failedAttempts;
    /// <summary>Every start of the connection since the link started, for the status.</summary>
    private int _connectionAttempts;

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public AgentLink(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _buffer = buffer;
        _connection = AgentHubConnection.For(options.Servers[0], options, loggerFactory, Self);
        _streamer = new StreamerChild(Context, source, buffer, _log);
        _sends = new SendCounts(_log);
        _samples = new SampleSender(_connection, _sends, Self, options.BackfillBatchSize, _log);
        _reports = new ReportSender(_connection, Self);
        Connecting();
    }

    /// <param name="buffer">The local buffer for backfill, or null when the buffer is off.</param>
    /// <param name="loggerFactory">Passed to the SignalR client so its own warnings reach the host's logs.</param>
    public static Props Props(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory = null) =>
        Akka.Actor.Props.Create(() => new AgentLink(options, source, buffer, loggerFactory));

    protected override void PreStart()
    {
        _log.Info("Connecting to {0} as {1}", _options.Servers[0], _options.Hostname);
        Connect();
    }

    protected override void PostStop() => _connection.Close();

    // ---- states: each one names itself in the status, so the state is kept in one place (the behaviour) ----

    private void Connecting()
    {
        Receive<AgentHubConnection.Started>(_ => OnConnected());
        Receive<AgentHubConnection.StartFailed>(failed =>
        {
            if (StoppedForRefusedKey(failed.Error)) return;
            // Logged once on entering reconnecting; the attempts that follow go to debug.
            _log.Warning("Could not connect to {0} ({1}); retrying with backoff up to {2}", _options.Servers[0], failed.Error.Message, _options.Reconnect.MaxBackoff);
            BecomeReconnecting();
        });
        StashHubCalls();
        InEveryState("connecting");
    }

    private void Connected()
    {
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
        Receive<AgentDirectives.StartStreaming>(start =>
        {
            _streamer.StartOrUpdate(start);
            if (start.SendBackfill)
                _buffer?.Tell(LocalBufferProtocol.GetBuffer.Instance);
        });
        Receive<AgentDirectives.StopStreaming>(stop => _streamer.Stop(stop.Reason));
        Receive<StreamerProtocol.StreamedSample>(streamed => _samples.Sample(streamed.Sample, _serverId));
        Receive<LocalBufferProtocol.BufferContents>(contents => _samples.Backfill(contents.Samples, _serverId));
        Receive<ReporterProtocol.SendReport>(send => _reports.Send(send.Report, _serverId, Sender));
        Receive<AgentHubConnection.Closed>(closed =>
        {
            _streamer.Stop("connection lost");
            _serverId = null;
            _failedAttempts = 0;
            _log.Warning("Connection to {0} lost ({1}); reconnecting", _options.Servers[0], closed.Error?.Message ?? "closed by the server");
            BecomeReconnecting();
        });
        InEveryState("connected");
    }

    private void Reconnecting()
    {
        Receive<Retry>(_ => Connect());
        Receive<AgentHubConnection.Started>(_ => OnConnected());
        Receive<AgentHubConnection.StartFailed>(failed =>
        {
            if (StoppedForRefusedKey(failed.Error)) return;
            _failedAttempts++;
            _log.Debug("Reconnect attempt {0} failed: {1}", _failedAttempts, failed.Error.Message);
            ScheduleRetry();
        });
        StashHubCalls();
        InEveryState("reconnecting");
    }

    /// <summary>
    /// The server greets (and may start a stream) as soon as it accepts the connection, which can be
    /// before our Started arrives here: keep those calls until we are connected.
    /// </summary>
    private void StashHubCalls()
    {
        Receive<AgentDirectives.Welcome>(_ => Stash.Stash());
        Receive<AgentDirectives.IAgentDirective>(_ => Stash.Stash());
    }

    /// <summary>Registered last in each state, so a state's own handlers come first.</summary>
    /// <param name="state">The state's name in <see cref="AgentLinkProtocol.LinkStatus.State"/>.</param>
    private void InEveryState(string state)
    {
        Receive<AgentLinkProtocol.GetStatus>(_ => Sender.Tell(new AgentLinkProtocol.LinkStatus(
            state, _serverId, _streamer.Running, _sends.Sent, _sends.Failures, _sends.DroppedBeforeWelcome, _connectionAttempts)));
        Receive<Terminated>(terminated => _streamer.OnTerminated(terminated.ActorRef));
        // Sends finish whenever they finish, often after the state changed: count them all the same way.
        Receive<SampleSender.Sent>(_ => _sends.CountSent());
        Receive<SampleSender.SendFailed>(failed => _sends.CountFailure(failed.Error));
        Receive<ReporterProtocol.SendReport>(send => _reports.NotSent(send.Report, $"link {state}", Sender));
        // Late samples of a stream stopped on disconnect, hub calls racing a disconnect:
        // nothing to do with them outside the connected state.
        Receive<StreamerProtocol.StreamedSample>(_ => { });
        Receive<LocalBufferProtocol.BufferContents>(_ => { });
        Receive<AgentHubConnection.Closed>(_ => { });
    }

    // ---- transitions ----

    private void Connect()
    {
        _connectionAttempts++;
        _connection.Start();
    }

    private void OnConnected()
    {
        _log.Info(_failedAttempts == 0 ? "Connected to {0}" : "Reconnected to {0} after {1} attempts", _options.Servers[0], _failedAttempts);
        _failedAttempts = 0;
        Timers.Cancel(RetryTimer);
        Become(Connected);
        Stash.UnstashAll();
    }

    /// <summary>A refused key would be refused on every retry: tell the parent (which ends the agent) and stop.</summary>
    private bool StoppedForRefusedKey(Exception error)
    {
        if (KeyRefusal.StatusOf(error) is not { } status) return false;
        var message = $"the server {_options.Servers[0]} refused the agent key (HTTP {(int)status})";
        _log.Error("Stopping: {0}", message);
        Context.Parent.Tell(new AgentLinkProtocol.KeyRefused((int)status, message));
        Context.Stop(Self);
        return true;
    }

    private void BecomeReconnecting()
    {
        Become(Reconnecting);
        ScheduleRetry();
    }

    private void ScheduleRetry() =>
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, _options.Reconnect.DelayFor(_failedAttempts, Random.Shared.NextDouble()));

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
        private Retry() { }
    }
}

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
/// The agent's connection to the agent hub of one of its server nodes, as a state machine:
/// connecting → connected ⇄ reconnecting. Reconnects forever, moving through the node list with
/// <see cref="ServerRotation"/> (random first node, the next one on each failure or loss, capped and
/// jittered backoff per failed round), except when a node refuses the key: the key is the same on every
/// node of the cluster, so it tells its parent and stops. Each state decides what the messages mean in
/// it and hands the work to its parts: <see cref="AgentHubConnection"/> (the SignalR connection to the
/// current node, whose calls and events arrive here as messages), <see cref="StreamerChild"/> (the
/// streamer the server's directives run), <see cref="SampleSender"/> with <see cref="SendCounts"/>
/// (samples and backfill up) and <see cref="ReportSender"/> (minute reports up, answers to the reporter).
/// </summary>
public sealed class AgentLink : ReceiveActor, IWithTimers, IWithStash
{
    private const string RetryTimer = "retry";

    private readonly AgentOptions _options;
    private readonly IActorRef? _buffer;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ServerRotation _servers;
    private readonly StreamerChild _streamer;
    private readonly SendCounts _sends;
    private readonly SampleSender _samples;
    private readonly ReportSender _reports;
    /// <summary>To the current node; replaced (and the old one closed) when the link moves to another.</summary>
    private AgentHubConnection _connection;
    /// <summary>From the current connection's Welcome: which server this agent is. Null before it and after a loss.</summary>
    private string? _serverId;
    /// <summary>Failed attempts since the last connection, for the log.</summary>
    private int _failedAttempts;
    /// <summary>Once a whole round of the node list failed, further failures of the outage are logged at debug only.</summary>
    private bool _outageLogged;
    /// <summary>Every start of a connection since the link started, for the status.</summary>
    private int _connectionAttempts;
    /// <summary>Why the node refused the current connection, until it closes it: the next attempt then waits.</summary>
    private AgentDirectives.Refused? _refusal;
    /// <summary>Refusal reasons already logged since the last Welcome: each is logged once, repeats at debug.</summary>
    private readonly HashSet<string> _refusalsLogged = [];

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public AgentLink(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory, Func<double>? random01 = null)
    {
        _options = options.Validate();
        _buffer = buffer;
        _loggerFactory = loggerFactory;
        _servers = new ServerRotation(options.Servers, options.Reconnect, random01 ?? Random.Shared.NextDouble);
        _connection = AgentHubConnection.For(_servers.Current, options, loggerFactory, Self);
        _streamer = new StreamerChild(Context, source, buffer, _log);
        _sends = new SendCounts(_log);
        _samples = new SampleSender(() => _connection, _sends, Self, options.BackfillBatchSize, _log);
        _reports = new ReportSender(() => _connection, Self);
        Connecting();
    }

    /// <param name="buffer">The local buffer for backfill, or null when the buffer is off.</param>
    /// <param name="loggerFactory">Passed to the SignalR client so its own warnings reach the host's logs.</param>
    /// <param name="random01">Picks the first node and jitters the waits; tests pin it to make the order known.</param>
    public static Props Props(AgentOptions options, IMetricsSource source, IActorRef? buffer, ILoggerFactory? loggerFactory = null, Func<double>? random01 = null) =>
        Akka.Actor.Props.Create(() => new AgentLink(options, source, buffer, loggerFactory, random01));

    protected override void PreStart()
    {
        if (_servers.Count == 1)
            _log.Info("Connecting to {0} as {1}", _servers.Current, _options.Hostname);
        else
            _log.Info("Connecting to {0} (of {1} servers: {2}) as {3}", _servers.Current, _servers.Count, string.Join(", ", _options.Servers), _options.Hostname);
        Connect();
    }

    protected override void PostStop() => _connection.Close();

    // ---- states: each one names itself in the status, so the state is kept in one place (the behaviour) ----

    private void Connecting()
    {
        Receive<AgentHubConnection.Started>(_ => OnStarted());
        Receive<AgentHubConnection.StartFailed>(failed =>
        {
            if (StoppedForRefusedKey(failed.Error)) return;
            Become(Reconnecting);
            OnStartFailed(failed.Error);
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
            _refusalsLogged.Clear();
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
        Receive<AgentHubConnection.Closed>(closed => OnLost(closed.Error?.Message ?? "closed by the server"));
        InEveryState("connected");
    }

    private void Reconnecting()
    {
        Receive<Retry>(_ => Connect());
        Receive<AgentDirectives.Refused>(refused =>
        {
            _refusal = refused;
            // The refused connection's failed start reached us first (two threads tell them) and its retry is
            // already scheduled: that retry waits for the refusal instead.
            if (Timers.IsTimerActive(RetryTimer))
            {
                Timers.Cancel(RetryTimer);
                WaitedAfterRefusal(_connection.Server, TimeSpan.Zero);
            }
        });
        Receive<AgentHubConnection.Started>(_ => OnStarted());
        Receive<AgentHubConnection.StartFailed>(failed =>
        {
            if (StoppedForRefusedKey(failed.Error)) return;
            OnStartFailed(failed.Error);
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
            state, _servers.Current, _serverId, _streamer.Running, _sends.Sent, _sends.Failures, _sends.DroppedBeforeWelcome, _connectionAttempts)));
        // In any state, not stashed: the node closes the connection right after it, and that close can reach
        // the link before the start's own message does. The loss that follows waits (OnLost).
        Receive<AgentDirectives.Refused>(refused => _refusal = refused);
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

    /// <summary>Starts a connection to the rotation's current node, made anew when the link moved to another one.</summary>
    private void Connect()
    {
        if (!_connection.Server.Equals(_servers.Current))
        {
            _connection.Close();
            _connection = AgentHubConnection.For(_servers.Current, _options, _loggerFactory, Self);
        }
        _connectionAttempts++;
        _connection.Start();
    }

    private void OnStarted()
    {
        if (!_connection.IsConnected)
        {
            // Dropped between its start and this message; its Closed came first and was ignored.
            OnLost("closed right after it was made");
            return;
        }
        var server = _connection.Server;
        if (_failedAttempts == 0) _log.Info("Connected to {0}", server);
        else _log.Info("Connected to {0} after {1} failed attempts", server, _failedAttempts);
        _failedAttempts = 0;
        _outageLogged = false;
        _servers.Connected();
        Timers.Cancel(RetryTimer);
        Become(Connected);
        Stash.UnstashAll();
    }

    /// <summary>
    /// The connection to the current node ended: stop the stream (the next node's session starts it again
    /// once someone watches), forget the server id, and go on with the next node after min-backoff.
    /// </summary>
    private void OnLost(string reason)
    {
        _streamer.Stop("connection lost");
        _serverId = null;
        _failedAttempts = 0;
        _outageLogged = false;
        // Calls of the lost connection kept for a Started that will not come must not reach the next one.
        Stash.ClearStash();
        var lost = _servers.Current;
        var delay = _servers.Lost();
        Become(Reconnecting);
        if (WaitedAfterRefusal(lost, delay)) return;
        if (_servers.Count == 1)
            _log.Warning("Connection to {0} lost ({1}); reconnecting", lost, reason);
        else
            _log.Warning("Connection to {0} lost ({1}); trying {2}", lost, reason, _servers.Current);
        RetryAfter(delay);
    }

    /// <summary>
    /// An attempt failed: the next node at once, or, when the whole list failed in a row, after the round's
    /// backoff. Each node that fails is named once per outage; after the first failed round, debug only.
    /// </summary>
    private void OnStartFailed(Exception error)
    {
        _failedAttempts++;
        Stash.ClearStash();
        var failed = _servers.Current;
        var delay = _servers.Failed(out var roundFailed);
        // The node can close a connection it refused before the start completed here.
        if (WaitedAfterRefusal(failed, delay)) return;
        if (_outageLogged)
            _log.Debug("Attempt {0} failed at {1}: {2}", _failedAttempts, failed, error.Message);
        else if (_servers.Count == 1)
            _log.Warning("Could not connect to {0} ({1}); retrying with backoff up to {2}", failed, error.Message, _options.Reconnect.MaxBackoff);
        else if (!roundFailed)
            _log.Warning("Could not connect to {0} ({1}); trying {2}", failed, error.Message, _servers.Current);
        else
            _log.Warning("Could not connect to {0} ({1}); none of the {2} servers answered, trying {3} in {4:0.0} s, with backoff up to {5}",
                failed, error.Message, _servers.Count, _servers.Current, delay.TotalSeconds, _options.Reconnect.MaxBackoff);
        if (roundFailed) _outageLogged = true;
        RetryAfter(delay);
    }

    /// <summary>A refused key would be refused on every retry and every node: tell the parent (which ends the agent) and stop.</summary>
    private bool StoppedForRefusedKey(Exception error)
    {
        if (KeyRefusal.StatusOf(error) is not { } status) return false;
        var message = $"the server {_connection.Server} refused the agent key (HTTP {(int)status})";
        _log.Error("Stopping: {0}", message);
        Context.Parent.Tell(new AgentLinkProtocol.KeyRefused((int)status, message));
        Context.Stop(Self);
        return true;
    }

    /// <summary>
    /// When the node refused the connection that just ended, the next attempt waits: a refused connection would be
    /// refused again at once. It waits what the node asked and never less than the longest backoff, so an agent
    /// whose hostname or quota is refused tries a few times an hour, not every second. Each reason is logged once.
    /// </summary>
    private bool WaitedAfterRefusal(Uri server, TimeSpan backoff)
    {
        if (_refusal is not { } refused) return false;
        _refusal = null;
        var asked = TimeSpan.FromMilliseconds(Math.Max(0, refused.RetryAfterMs));
        var delay = new[] { asked, _options.Reconnect.MaxBackoff, backoff }.Max();
        if (_refusalsLogged.Count < MaxRefusalsLogged && _refusalsLogged.Add(refused.Reason))
            _log.Warning("The server {0} refused this agent: {1}; trying again in {2:0} s", server, refused.Reason, delay.TotalSeconds);
        else
            _log.Debug("Refused again by {0}: {1}", server, refused.Reason);
        RetryAfter(delay);
        return true;
    }

    private const int MaxRefusalsLogged = 10;

    private void RetryAfter(TimeSpan delay)
    {
        if (delay == TimeSpan.Zero)
            Connect();
        else
            Timers.StartSingleTimer(RetryTimer, Retry.Instance, delay);
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
        private Retry() { }
    }
}

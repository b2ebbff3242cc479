using Akka.Actor;
using Akka.Event;
using Scout.Actors.AccountSessions;
using Scout.Actors.Observability;
using Scout.Actors.SampleIntake;
using static Scout.Actors.AccountSessions.SessionProtocol;
using static Scout.Actors.Bridge.BridgeProtocol;

namespace Scout.Actors.Bridge;

/// <summary>
/// One per node. Knows what every browser connection on this node watches (each server's group of
/// connections, mirrored into a SignalR group), registers those watches with the accounts' sessions, and
/// pushes what sessions send through <see cref="IWatcherPush"/> without awaiting any client in its mailbox.
/// While every member of a group keeps up, a sample is one group send (written once, copied to each).
/// When a group send does not complete at once, someone is slow: until it completes the server's samples go
/// to each connection on its own, and a connection with <c>maxUnsentSamples</c> unsent samples gets no
/// more (dropped, counted, logged once) until it catches up. So a slow client costs the node bounded memory
/// (the cap, plus at most one unfinished group send per server it watches, plus backfills sent before it fell
/// behind) and costs the other watchers nothing.
/// </summary>
public sealed class SignalRBridge : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    public const int DefaultMaxUnsentSamples = 10;

    private readonly IWatcherPush _push;
    private readonly IActorRef _sessions;
    private readonly int _maxUnsentSamples;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Connections that watch something here, or whose client still has unsent samples.
    private readonly Dictionary<string, WatchingConnection> _connections = new();
    // Servers that a connection here watches, or whose group send has not completed.
    private readonly Dictionary<string, WatchedServer> _servers = new();
    // Watches sent to the session and not yet answered, with the hub's asker that gets the answer. A stream end
    // spares them: the session heard of them after it ended the stream.
    private readonly Dictionary<(string ConnectionId, string ServerId), IActorRef> _watchesAwaitingAnswer = new();
    // The session actor that answered for each account, watched so the watches can be registered again.
    private readonly Dictionary<string, IActorRef> _sessionOfAccount = new();
    private long _pushed;
    private long _dropped;
    private long _failures;
    private readonly ReportedCount _watchers = new(NodeMeter.Watchers);

    public static Props Props(IWatcherPush push, IActorRef sessions, int maxUnsentSamples = DefaultMaxUnsentSamples) =>
        Akka.Actor.Props.Create(() => new SignalRBridge(push, sessions, maxUnsentSamples));

    public SignalRBridge(IWatcherPush push, IActorRef sessions, int maxUnsentSamples)
    {
        _push = push;
        _sessions = sessions;
        _maxUnsentSamples = Math.Max(1, maxUnsentSamples);

        Receive<StartWatching>(OnStartWatching);
        Receive<SessionProtocol.WatchAccepted>(OnWatchAccepted);
        Receive<StopWatching>(m => StopWatch(m.ConnectionId, m.ServerId));
        Receive<ConnectionClosed>(m =>
        {
            if (!_connections.TryGetValue(m.ConnectionId, out var connection))
                return;
            foreach (var server in connection.Watches.Keys.ToList())
                StopWatch(m.ConnectionId, server);
        });
        Receive<DeliverSample>(OnDeliverSample);
        Receive<DeliverBackfill>(OnDeliverBackfill);
        Receive<ServerStatus>(m =>
        {
            if (Recipients(m.ServerId) is { } recipients)
                TrackFailure(_push.SendServerStatus(recipients, m.ServerId, m.Online));
        });
        Receive<StreamStalled>(m =>
        {
            if (Recipients(m.ServerId) is { } recipients)
                TrackFailure(_push.SendStreamStalled(recipients, m.ServerId, m.LastSampleTime));
        });
        Receive<StreamResumed>(m =>
        {
            if (Recipients(m.ServerId) is { } recipients)
                TrackFailure(_push.SendStreamResumed(recipients, m.ServerId));
        });
        Receive<StreamEnded>(OnStreamEnded);
        Receive<SampleSent>(OnSampleSent);
        Receive<GroupSampleSent>(m =>
        {
            if (m.Failed)
                _failures++;
            m.Server.GroupSendFinished();
            // Kept while its group send was unfinished (it is still the one in the map); it may go now.
            if (m.Server.CanBeForgotten)
                _servers.Remove(m.Server.ServerId);
        });
        Receive<Terminated>(OnSessionGone);
        Receive<RegisterAgain>(m => RegisterWatches(m.AccountId));
        Receive<WatchAgain>(OnWatchAgain);
        Receive<PushFailed>(_ => _failures++);
        Receive<GetStats>(_ => Sender.Tell(new Stats(
            _connections.Values.Count(c => c.IsWatching), _connections.Values.Sum(c => c.Watches.Count), _pushed, _failures, _dropped)));
    }

    private void OnStartWatching(StartWatching m)
    {
        if (!_connections.TryGetValue(m.ConnectionId, out var connection))
            _connections[m.ConnectionId] = connection = new(m.ConnectionId);
        connection.Watches[m.ServerId] = new WatchOf(m.AccountId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // In the group before the session hears of the watch, so no sample sent after it accepts can miss it.
        if (!_servers.TryGetValue(m.ServerId, out var server))
            _servers[m.ServerId] = server = new(m.ServerId);
        if (server.Group.Add(connection))
            TrackFailure(_push.JoinGroup(m.ConnectionId, m.ServerId));
        _watchesAwaitingAnswer[(m.ConnectionId, m.ServerId)] = Sender;
        SendWatch(m.ConnectionId, m.AccountId, m.ServerId);
        CountWatchers();
    }

    protected override void PostStop() => _watchers.Set(0);

    /// <summary>Called after watches were added or removed (not per sample: it walks the connections).</summary>
    private void CountWatchers()
    {
        long watches = 0;
        foreach (var connection in _connections.Values)
            watches += connection.Watches.Count;
        _watchers.Set(watches);
    }

    /// <summary>
    /// Sends a new watch to the account's session, and again every <see cref="RegisterRetry"/> until it is
    /// answered: a region that last saw the account's shard on a node that has just died sends it there and
    /// it is lost, and only a message sent after the node is removed finds the shard's new home. Without
    /// this the browser waited for the hub's timeout (10 s) before it asked again.
    /// </summary>
    private void SendWatch(string connectionId, string accountId, string serverId)
    {
        _sessions.Tell(new SessionProtocol.Watch(accountId, serverId, connectionId, Self));
        Timers.StartSingleTimer(WatchRetryKey(connectionId, serverId), new WatchAgain(connectionId, serverId), RegisterRetry);
    }

    private void OnWatchAgain(WatchAgain m)
    {
        // Answered, stopped or closed meanwhile: nothing to ask again.
        if (!_watchesAwaitingAnswer.ContainsKey((m.ConnectionId, m.ServerId))
            || !_connections.TryGetValue(m.ConnectionId, out var connection)
            || !connection.Watches.TryGetValue(m.ServerId, out var watch))
            return;
        SendWatch(m.ConnectionId, watch.AccountId, m.ServerId);
    }

    private static string WatchRetryKey(string connectionId, string serverId) => $"watch:{connectionId}:{serverId}";

    private sealed record WatchAgain(string ConnectionId, string ServerId) : INoSerializationVerificationNeeded;

    private void OnWatchAccepted(SessionProtocol.WatchAccepted m)
    {
        var key = (m.ConnectionId, m.ServerId);
        if (_watchesAwaitingAnswer.Remove(key, out var asker))
        {
            asker.Tell(m);
            Timers.Cancel(WatchRetryKey(m.ConnectionId, m.ServerId));
        }
        // A connection that stopped watching before this answer already sent its Unwatch, which the
        // session receives after this Watch (same sender, same entity: order is kept).
        if (!_connections.TryGetValue(m.ConnectionId, out var connection) || !connection.Watches.TryGetValue(m.ServerId, out var watch))
            return;
        var account = watch.AccountId;
        if (!_sessionOfAccount.TryGetValue(account, out var known) || !known.Equals(Sender))
        {
            _sessionOfAccount[account] = Sender;
            Context.Watch(Sender);
        }
    }

    private void OnDeliverSample(DeliverSample m)
    {
        if (!_servers.TryGetValue(m.ServerId, out var server))
            return;
        // Once per sample and node, whoever watches: the time the sample took to get here from its agent.
        var age = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - m.Sample.Time;
        NodeMeter.SampleLatency.Record(Math.Max(age, 0) / 1000.0);
        SampleHops.Record(SampleHops.SessionToBridge, m.SentAt);
        if (server.CanSendToGroup)
        {
            SendToGroup(server, m.Sample);
            return;
        }
        foreach (var connection in server.Group)
        {
            if (connection.IsBehind(_maxUnsentSamples))
            {
                CountSkipped(1);
                if (!connection.FallingBehindLogged)
                {
                    connection.FallingBehindLogged = true;
                    _log.Warning("Connection {0} is not reading its samples ({1} unsent); dropping its samples until it catches up",
                        connection.ConnectionId, connection.UnsentSamples);
                }
                continue;
            }
            _pushed++;
            NodeMeter.SamplesRelayed.Add(1);
            var send = _push.SendSample(connection.ConnectionId, m.Sample);
            if (send.IsCompletedSuccessfully)
                continue;
            connection.SendStarted();
            var self = Self;
            send.ContinueWith(t => self.Tell(new SampleSent(connection, t.IsFaulted)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>To the connections it was asked for that still watch the server here. A backfill is minutes of samples:
    /// a connection already behind would only queue it.</summary>
    private void OnDeliverBackfill(DeliverBackfill m)
    {
        if (!_servers.TryGetValue(m.ServerId, out var server))
            return;
        // A session of the version before names no connections (a rolling upgrade): its backfill went to the group.
        var named = m.ConnectionIds ?? Recipients(m.ServerId) ?? [];
        var recipients = new List<string>(named.Count);
        foreach (var id in named)
        {
            if (!_connections.TryGetValue(id, out var connection) || !server.Group.Contains(connection))
                continue;
            if (connection.IsBehind(_maxUnsentSamples))
                CountSkipped(m.Samples.Count);
            else
                recipients.Add(id);
        }
        if (recipients.Count > 0)
            TrackFailure(_push.SendBackfill(recipients, m.ServerId, m.Samples));
    }

    private void SendToGroup(WatchedServer server, EncodedSample sample)
    {
        _pushed += server.Group.Count;
        NodeMeter.SamplesRelayed.Add(server.Group.Count);
        var send = _push.SendSampleToGroup(server.ServerId, sample);
        if (send.IsCompletedSuccessfully)
            return;
        server.GroupSendStarted();
        var self = Self;
        send.ContinueWith(t => self.Tell(new GroupSampleSent(server, t.IsFaulted)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnSampleSent(SampleSent m)
    {
        if (m.Failed)
            _failures++;
        var connection = m.Connection;
        if (!connection.SendFinished())
            return;
        if (connection.FallingBehindLogged)
        {
            connection.FallingBehindLogged = false;
            if (connection.IsWatching)
                _log.Info("Connection {0} caught up; its samples flow again", connection.ConnectionId);
        }
        // Kept while its sends were outstanding (it is still the one in the map); it may go now.
        if (connection.CanBeForgotten)
            _connections.Remove(connection.ConnectionId);
    }

    private void StopWatch(string connectionId, string serverId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection) || !connection.Watches.Remove(serverId, out var watch))
            return;
        Forget(connection, serverId);
        _watchesAwaitingAnswer.Remove((connectionId, serverId));
        _sessions.Tell(new SessionProtocol.Unwatch(watch.AccountId, serverId, connectionId, Self));
        CountWatchers();
    }

    private void OnStreamEnded(StreamEnded m)
    {
        TrackFailure(_push.SendStreamEnded(m.ConnectionIds, m.ServerId, m.Reason));
        // The session has already forgotten these watchers; take them out of the group too. Only these,
        // and not one that asked to watch again meanwhile: its new Watch reached the session after the end
        // (its answer has not arrived here yet), so it belongs to the next stream.
        foreach (var connection in m.ConnectionIds)
        {
            if (_watchesAwaitingAnswer.ContainsKey((connection, m.ServerId)))
                continue;
            if (_connections.TryGetValue(connection, out var watching) && watching.Watches.Remove(m.ServerId))
                Forget(watching, m.ServerId);
        }
        CountWatchers();
    }

    /// <summary>Takes a connection, which no longer watches the server, out of the server's group, and forgets
    /// it whole when it watches nothing more and has no sends outstanding.</summary>
    private void Forget(WatchingConnection connection, string serverId)
    {
        if (_servers.TryGetValue(serverId, out var server) && server.Group.Remove(connection))
        {
            TrackFailure(_push.LeaveGroup(connection.ConnectionId, serverId));
            if (server.CanBeForgotten)
                _servers.Remove(serverId);
        }
        if (connection.CanBeForgotten)
            _connections.Remove(connection.ConnectionId);
    }

    /// <summary>The server's group as a list; null when nobody is in it.</summary>
    private IReadOnlyList<string>? Recipients(string serverId)
    {
        if (!_servers.TryGetValue(serverId, out var server) || server.Group.Count == 0)
            return null;
        var members = new List<string>(server.Group.Count);
        foreach (var connection in server.Group)
            members.Add(connection.ConnectionId);
        return members;
    }

    /// <summary>Samples a connection at its cap of unsent samples does not get: counted as dropped.</summary>
    private void CountSkipped(int samples)
    {
        _dropped += samples;
        NodeMeter.SamplesDropped.Add(samples, NodeMeter.Reason(SampleDropReasons.SlowConnection));
    }

    private void OnSessionGone(Terminated t)
    {
        var accounts = _sessionOfAccount.Where(kv => kv.Value.Equals(t.ActorRef)).Select(kv => kv.Key).ToList();
        foreach (var account in accounts)
        {
            _sessionOfAccount.Remove(account);
            // The session moved or its node died: sharding starts it again on the next message.
            RegisterWatches(account);
        }
    }

    /// <summary>
    /// Registers an account's watches with its session again, with when each began (so the new session counts
    /// the stream's maximum length from the first watch), and again a little later until a session answers: sent
    /// while a dead node's shards move, they can go to the old home and be lost.
    /// </summary>
    private void RegisterWatches(string account)
    {
        if (_sessionOfAccount.ContainsKey(account))
            return;
        var watches = _connections.Values
            .SelectMany(c => c.Watches.Where(w => w.Value.AccountId == account).Select(w => (c.ConnectionId, Server: w.Key, w.Value.Since)))
            .ToList();
        if (watches.Count == 0)
            return;
        _log.Info("Session of account {0} went away; registering {1} watch(es) again", account, watches.Count);
        foreach (var (connection, server, since) in watches)
            _sessions.Tell(new SessionProtocol.Watch(account, server, connection, Self, since));
        Timers.StartSingleTimer("register:" + account, new RegisterAgain(account), RegisterRetry);
    }

    /// <summary>How long re-registered watches may go unanswered before they are sent again.</summary>
    public static readonly TimeSpan RegisterRetry = TimeSpan.FromSeconds(1);

    private sealed record RegisterAgain(string AccountId) : INoSerializationVerificationNeeded;

    private void TrackFailure(Task send)
    {
        if (send.IsCompletedSuccessfully)
            return;
        var self = Self;
        send.ContinueWith(_ => self.Tell(PushFailed.Instance), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Carries the connection itself: it stays in <c>_connections</c> until its sends completed.</summary>
    private sealed record SampleSent(WatchingConnection Connection, bool Failed) : INoSerializationVerificationNeeded;

    /// <summary>Carries the server itself: it stays in <c>_servers</c> until its group sends completed.</summary>
    private sealed record GroupSampleSent(WatchedServer Server, bool Failed) : INoSerializationVerificationNeeded;

    private sealed class PushFailed : INoSerializationVerificationNeeded
    {
        public static readonly PushFailed Instance = new();
        private PushFailed() { }
    }
}

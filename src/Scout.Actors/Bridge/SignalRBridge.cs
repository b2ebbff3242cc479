using Akka.Actor;
using Akka.Event;
using Scout.Actors.Sessions;
using static Scout.Actors.Bridge.BridgeProtocol;

namespace Scout.Actors.Bridge;

/// <summary>
/// One per node. Knows what every browser connection on this node watches, registers those watches with
/// the accounts' sessions, and pushes what sessions send to the node's SignalR groups through
/// <see cref="IWatcherPush"/> without awaiting any client in its mailbox.
/// </summary>
public sealed class SignalRBridge : ReceiveActor
{
    private readonly IWatcherPush _push;
    private readonly IActorRef _sessions;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // connection -> (server -> account) it watches
    private readonly Dictionary<string, Dictionary<string, string>> _connections = new();
    // the session actor that answered for each account, watched so the watches can be registered again
    private readonly Dictionary<string, IActorRef> _sessionOf = new();
    private readonly Dictionary<(string Connection, string Server), IActorRef> _pending = new();
    private long _pushed;
    private long _failures;

    public static Props Props(IWatcherPush push, IActorRef sessions) =>
        Akka.Actor.Props.Create(() => new SignalRBridge(push, sessions));

    public SignalRBridge(IWatcherPush push, IActorRef sessions)
    {
        _push = push;
        _sessions = sessions;

        Receive<StartWatching>(OnStartWatching);
        Receive<SessionProtocol.WatchAccepted>(OnWatchAccepted);
        Receive<StopWatching>(m => StopWatch(m.ConnectionId, m.ServerId));
        Receive<ConnectionClosed>(m =>
        {
            if (!_connections.TryGetValue(m.ConnectionId, out var servers))
                return;
            foreach (var server in servers.Keys.ToList())
                StopWatch(m.ConnectionId, server);
        });
        Receive<DeliverSample>(m => Track(_push.SendSample(m.ServerId, m.Sample)));
        Receive<DeliverBackfill>(m => Track(_push.SendBackfill(m.ServerId, m.Samples)));
        Receive<ServerStatus>(m => Track(_push.SendServerStatus(m.ServerId, m.Online)));
        Receive<StreamEnded>(OnStreamEnded);
        Receive<Terminated>(OnSessionGone);
        Receive<PushFailed>(_ => _failures++);
        Receive<GetStats>(_ => Sender.Tell(new Stats(_connections.Count, _connections.Values.Sum(s => s.Count), _pushed, _failures)));
    }

    private void OnStartWatching(StartWatching m)
    {
        if (!_connections.TryGetValue(m.ConnectionId, out var servers))
            _connections[m.ConnectionId] = servers = new();
        servers[m.ServerId] = m.AccountId;
        _pending[(m.ConnectionId, m.ServerId)] = Sender;
        _sessions.Tell(new SessionProtocol.Watch(m.AccountId, m.ServerId, m.ConnectionId, Self));
    }

    private void OnWatchAccepted(SessionProtocol.WatchAccepted m)
    {
        var key = (m.WatcherId, m.ServerId);
        if (_pending.Remove(key, out var asker))
            asker.Tell(m);
        // A connection that stopped watching before this answer already sent its Unwatch, which the
        // session receives after this Watch (same sender, same entity: order is kept).
        if (!_connections.TryGetValue(m.WatcherId, out var servers) || !servers.TryGetValue(m.ServerId, out var account))
            return;
        if (!_sessionOf.TryGetValue(account, out var known) || !known.Equals(Sender))
        {
            _sessionOf[account] = Sender;
            Context.Watch(Sender);
        }
    }

    private void StopWatch(string connectionId, string serverId)
    {
        if (!_connections.TryGetValue(connectionId, out var servers) || !servers.Remove(serverId, out var account))
            return;
        if (servers.Count == 0)
            _connections.Remove(connectionId);
        _pending.Remove((connectionId, serverId));
        _sessions.Tell(new SessionProtocol.Unwatch(account, serverId, connectionId, Self));
    }

    private void OnStreamEnded(StreamEnded m)
    {
        Track(_push.SendStreamEnded(m.ServerId, m.Reason, m.WatcherIds));
        // The session has already forgotten these watchers; take them out of the group too. Only these:
        // a connection that started watching after the end is part of the next stream.
        foreach (var connection in m.WatcherIds)
        {
            if (!_connections.TryGetValue(connection, out var servers) || !servers.Remove(m.ServerId))
                continue;
            if (servers.Count == 0)
                _connections.Remove(connection);
            Track(_push.RemoveFromServerGroup(connection, m.ServerId), counted: false);
        }
    }

    private void OnSessionGone(Terminated t)
    {
        var accounts = _sessionOf.Where(kv => kv.Value.Equals(t.ActorRef)).Select(kv => kv.Key).ToList();
        foreach (var account in accounts)
        {
            _sessionOf.Remove(account);
            // The session moved or its node died: sharding starts it again on the next message.
            var watches = _connections.SelectMany(c => c.Value.Where(s => s.Value == account).Select(s => (c.Key, s.Key))).ToList();
            _log.Info("Session of account {0} went away; registering {1} watch(es) again", account, watches.Count);
            foreach (var (connection, server) in watches)
                _sessions.Tell(new SessionProtocol.Watch(account, server, connection, Self));
        }
    }

    private void Track(Task send, bool counted = true)
    {
        if (counted)
            _pushed++;
        if (send.IsCompletedSuccessfully)
            return;
        var self = Self;
        send.ContinueWith(_ => self.Tell(PushFailed.Instance),
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
    }

    private sealed class PushFailed : INoSerializationVerificationNeeded
    {
        public static readonly PushFailed Instance = new();
        private PushFailed() { }
    }
}

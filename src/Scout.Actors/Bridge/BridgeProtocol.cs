using Scout.Actors.Metrics;

namespace Scout.Actors.Bridge;

/// <summary>
/// Messages of the SignalR bridge, one per node. Hubs tell it what their connections watch; sessions
/// tell it what to push. The session sends each sample once per bridge; the bridge fans it out to the
/// connections on its node that watch that server.
/// </summary>
public static class BridgeProtocol
{
    // ---- from the hub on this node ----

    /// <summary>A connection, already authorised for the server, starts watching it. The bridge forwards
    /// it to the account's session; the reply (<see cref="Sessions.SessionProtocol.WatchAccepted"/>) goes to the asker.</summary>
    public sealed record StartWatching(string ConnectionId, string AccountId, string ServerId) : IScoutMessage;

    public sealed record StopWatching(string ConnectionId, string ServerId) : IScoutMessage;

    /// <summary>A connection ended: everything it watched is unwatched.</summary>
    public sealed record ConnectionClosed(string ConnectionId) : IScoutMessage;

    // ---- from sessions, anywhere in the cluster ----

    public sealed record DeliverSample(string ServerId, EncodedSample Sample) : IScoutMessage;

    public sealed record DeliverBackfill(string ServerId, IReadOnlyList<EncodedSample> Samples) : IScoutMessage;

    /// <summary>The agent went away (<c>Online</c> false) or came back (true).</summary>
    public sealed record ServerStatus(string ServerId, bool Online) : IScoutMessage;

    /// <summary>The stream ended for these watchers on this node (max length, operator). Only they leave:
    /// a watch that arrived after the end belongs to the next stream.</summary>
    public sealed record StreamEnded(string ServerId, string Reason, IReadOnlyList<string> WatcherIds) : IScoutMessage;

    // ---- statistics ----

    public sealed class GetStats : IScoutMessage
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary><c>SamplesDropped</c>: samples not sent to a connection that had too many unsent already.</summary>
    public sealed record Stats(int Connections, int Watches, long SamplesPushed, long PushFailures, long SamplesDropped) : IScoutMessage;
}

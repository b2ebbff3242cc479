

namespace Scout.Actors.Bridge;

/// <summary>
/// Messages of the SignalR bridge, one per node. The hub on its node tells it what its connections watch. What
/// sessions send it (samples, status, stream ends) is the session's protocol for every subscriber
/// (<see cref="AccountSessions.SessionProtocol"/>): the session sends each sample once per subscriber, and the
/// bridge fans it out to the connections on its node that watch that server.
/// </summary>
public static class BridgeProtocol
{
    // ---- from the hub on this node ----

    /// <summary>A connection, already authorised for the server, starts watching it. The bridge forwards
    /// it to the account's session; the reply (<see cref="AccountSessions.SessionProtocol.WatchAccepted"/>) goes to the asker.</summary>
    public sealed record StartWatching(string ConnectionId, string AccountId, string ServerId) : IScoutMessage;

    public sealed record StopWatching(string ConnectionId, string ServerId) : IScoutMessage;

    /// <summary>A connection ended: everything it watched is unwatched.</summary>
    public sealed record ConnectionClosed(string ConnectionId) : IScoutMessage;

    // ---- statistics ----

    public sealed class GetStats : IScoutMessage
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary><c>SamplesDropped</c>: samples not sent to a connection that had too many unsent already.</summary>
    public sealed record Stats(int Connections, int Watches, long SamplesPushed, long PushFailures, long SamplesDropped) : IScoutMessage;
}

using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;

namespace Scout.Actors.AgentProxies;

/// <summary>What the agent hub tells the proxy of one connection.</summary>
public static class AgentProxyProtocol
{
    /// <summary>An agent connected and authenticated; the manager on this node creates its proxy and replies
    /// with <see cref="AgentAttached"/>.</summary>
    public sealed record AttachAgent(string ConnectionId, string AccountId, string ServerId, string Hostname) : IScoutMessage;

    public sealed record AgentAttached(string ConnectionId, Akka.Actor.IActorRef Proxy) : IScoutMessage;

    /// <summary>The connection is gone before the hub learnt its proxy: the manager stops the proxy by name.</summary>
    public sealed record DetachAgent(string ConnectionId) : IScoutMessage;

    /// <summary>A live sample the hub read and found whole and possible (<see cref="AgentSampleReader"/>).</summary>
    public sealed record SampleFromAgent(EncodedSample Sample) : IScoutMessage;

    public sealed record BackfillFromAgent(IReadOnlyList<EncodedSample> Samples) : IScoutMessage;

    /// <summary>Samples the hub's read refused (malformed, impossible figures, too large): dropped and counted by
    /// the proxy like any other bad sample, whether or not a stream was asked for.</summary>
    public sealed record MalformedFromAgent(string Reason, int Count) : IScoutMessage;

    /// <summary>The connection ended; the proxy stops, which its session sees.</summary>
    public sealed class ConnectionEnded : IScoutMessage
    {
        public static readonly ConnectionEnded Instance = new();
        private ConnectionEnded() { }
    }

    public sealed class GetAgents : IScoutMessage
    {
        public static readonly GetAgents Instance = new();
        private GetAgents() { }
    }

    public sealed record AgentInfo(string AccountId, string ServerId, string Hostname, string Node, long ConnectedAt,
        bool Streaming, long SamplesRelayed, long SamplesDropped) : IScoutMessage;

    public sealed record AgentsReport(IReadOnlyList<AgentInfo> Agents) : IScoutMessage;

    public sealed class GetInfo : IScoutMessage
    {
        public static readonly GetInfo Instance = new();
        private GetInfo() { }
    }
}

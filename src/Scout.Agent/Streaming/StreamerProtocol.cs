using Scout.Actors.AgentWire;

namespace Scout.Agent.Streaming;

/// <summary>
/// Messages the streamer sends out. It receives the plain <see cref="Agents.AgentDirectives"/>
/// records (StartStreaming, which also renews the lease, and StopStreaming) as they arrive from the server.
/// </summary>
public static class StreamerProtocol
{
    /// <summary>One reading, sent to the link (which stamps the server id) and to the local buffer.</summary>
    public sealed record StreamedSample(MetricsSample Sample);

    /// <summary>The streamer stopped: the local buffer goes back to its own readings at once.</summary>
    public sealed record StreamerStopped
    {
        public static readonly StreamerStopped Instance = new();
    }
}

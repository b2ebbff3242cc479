using Scout.Actors.Metrics;

namespace Scout.Actors.Streaming;

/// <summary>
/// Messages the streamer sends out. It receives the plain <see cref="Agents.AgentDirectives"/>
/// records (StartStreaming, RenewLease, StopStreaming) as they arrive from the server.
/// </summary>
public static class StreamerProtocol
{
    /// <summary>One reading, sent to the link (which stamps the server id) and to the local buffer.</summary>
    public sealed record StreamedSample(MetricsSample Sample);

    /// <summary>The streamer stopped: the local buffer goes back to its own readings at once.</summary>
    public sealed record StreamEnded
    {
        public static readonly StreamEnded Instance = new();
    }
}

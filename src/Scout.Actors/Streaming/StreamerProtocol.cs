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
}

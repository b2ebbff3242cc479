using Scout.Actors.AgentWire;

namespace Scout.Agent.Streaming;

/// <summary>Requests and replies of the local buffer. It also takes <see cref="StreamerProtocol.StreamedSample"/>.</summary>
public static class LocalBufferProtocol
{
    /// <summary>Ask for everything the buffer holds; answered with <see cref="BufferContents"/>.</summary>
    public sealed record GetBuffer
    {
        public static readonly GetBuffer Instance = new();
        private GetBuffer() { }
    }

    /// <summary>The buffered samples, oldest first.</summary>
    public sealed record BufferContents(IReadOnlyList<MetricsSample> Samples);
}

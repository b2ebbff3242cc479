namespace Scout.Agent.Link;

/// <summary>What the agent link tells its parent and answers to questions.</summary>
public static class AgentLinkProtocol
{
    /// <summary>
    /// A node refused the agent key (HTTP 401/403 on negotiate). Sent to the parent before the link
    /// stops: the key is the same on every node of the cluster, so retrying it here or at another node
    /// would never succeed, and the process should exit.
    /// </summary>
    public sealed record KeyRefused(int StatusCode, string Message);

    /// <summary>Ask for <see cref="LinkStatus"/>.</summary>
    public sealed record GetStatus
    {
        public static readonly GetStatus Instance = new();
        private GetStatus() { }
    }

    /// <param name="State">connecting, connected or reconnecting.</param>
    /// <param name="Server">The node's base URL (one of <c>AgentOptions.Servers</c>) connected to, or the one tried next.</param>
    /// <param name="ServerId">From the server's Welcome on the current connection; null before it.</param>
    public sealed record LinkStatus(
        string State,
        Uri Server,
        string? ServerId,
        bool Streaming,
        long SamplesSent,
        long SendFailures,
        long DroppedBeforeWelcome,
        int ConnectionAttempts);
}

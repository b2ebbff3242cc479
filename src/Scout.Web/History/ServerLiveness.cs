namespace Scout.Web.History;

/// <summary>
/// The rule for "online" in server listings: the agent is connected now, or the server's last report
/// arrived within 3 of its report intervals. A server with neither is offline. "Last seen" is the latest
/// sign of life: now while its agent is connected, else the later of its last connection and last report.
/// </summary>
public static class ServerLiveness
{
    public const int MissedIntervals = 3;

    public static bool IsOnline(bool agentConnected, (long Received, long IntervalMs)? lastReport, long nowUnixMs) =>
        agentConnected || (lastReport is { } last && nowUnixMs - last.Received <= MissedIntervals * last.IntervalMs);

    public static long LastSeen(bool agentConnected, long lastConnectionUnixMs, (long Received, long IntervalMs)? lastReport, long nowUnixMs) =>
        agentConnected ? nowUnixMs : Math.Max(lastConnectionUnixMs, lastReport?.Received ?? 0);

    /// <summary>An agent's report interval until its first report says otherwise: the agent's default (docs/agent.md).</summary>
    public const long DefaultReportIntervalMs = 60_000;

    /// <summary>
    /// Milliseconds until the server's next minute report is due, by the node's clock (negative: overdue): its last
    /// report's arrival plus its interval, or, before any report, its connection plus the default interval (an agent
    /// makes its first report one interval after it starts, and it starts before it connects). Null while its agent is
    /// not connected: then nothing is due.
    /// </summary>
    public static long? NextReportInMs(bool agentConnected, long lastConnectionUnixMs, (long Received, long IntervalMs)? lastReport, long nowUnixMs)
    {
        if (!agentConnected) return null;
        var due = lastReport is { } last && last.Received >= lastConnectionUnixMs
            ? last.Received + last.IntervalMs
            : lastConnectionUnixMs + (lastReport?.IntervalMs ?? DefaultReportIntervalMs);
        return due - nowUnixMs;
    }
}

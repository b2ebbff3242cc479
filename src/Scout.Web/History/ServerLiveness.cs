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
}

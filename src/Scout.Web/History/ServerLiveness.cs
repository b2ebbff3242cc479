namespace Scout.Web.History;

/// <summary>
/// The rule for "online" in server listings: the agent is connected now, or the server's last report
/// arrived within 3 of its report intervals. A server with neither is offline.
/// </summary>
public static class ServerLiveness
{
    public const int MissedIntervals = 3;

    public static bool IsOnline(bool agentConnected, (long Received, long IntervalMs)? lastReport, long nowUnixMs) =>
        agentConnected || (lastReport is { } last && nowUnixMs - last.Received <= MissedIntervals * last.IntervalMs);
}

namespace Scout.Actors.AgentWire;

/// <summary>
/// How fast minute reports may arrive: both sides of the agent hub use these, so a real agent emptying its spool
/// is never refused while a stolen key cannot fill the node's disk. A live agent sends one report per interval;
/// after an outage it sends its backlog at the agent's pace, which stays under the node's allowance (a smaller
/// burst, a slower rate), so timing jitter and an agent restarted mid-catch-up still fit.
/// </summary>
public static class ReportPace
{
    /// <summary>Node, per server: reports accepted at once (Scout:History:ReportBurst).</summary>
    public const int NodeBurst = 10;

    /// <summary>Node, per server: reports per second after the burst (Scout:History:ReportsPerSecond). At the
    /// agent's pace under it, a day's backlog (1,440 minute reports) goes in about 12 minutes, a week's in 84.</summary>
    public const double NodePerSecond = 2.5;

    /// <summary>Agent: reports it sends back to back before pacing itself (half the node's burst).</summary>
    public const int AgentBurst = NodeBurst / 2;

    /// <summary>Agent: reports per second while it empties its spool (four fifths of the node's rate).</summary>
    public const double AgentPerSecond = NodePerSecond * 0.8;

    /// <summary>The hub error of a report over the node's allowance. The agent keeps the report and sends it
    /// again later (any hub error means that to every agent version), so nothing is lost.</summary>
    public const string Throttled = "too many reports for this server; keep it and retry later";
}

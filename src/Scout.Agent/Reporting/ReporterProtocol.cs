using Scout.Actors.AgentWire;

namespace Scout.Agent.Reporting;

/// <summary>Messages between the Reporter, the link and the agent's host (all local to the agent process).</summary>
public static class ReporterProtocol
{
    /// <summary>Reporter → link: send this report; the link answers with a <see cref="ReportAck"/> or <see cref="ReportNotSent"/>.</summary>
    public sealed record SendReport(MinuteReport Report);

    /// <summary>Link → reporter: no acknowledgement (not connected, no Welcome yet, the invocation failed). Keep it spooled.</summary>
    public sealed record ReportNotSent(string ReportId, string Reason);

    /// <summary>Ask the reporter for its counters; answered with <see cref="ReporterStatus"/>.</summary>
    public sealed record GetReporterStatus
    {
        public static readonly GetReporterStatus Instance = new();
        private GetReporterStatus() { }
    }

    /// <param name="Spooled">Reports waiting for an acknowledgement.</param>
    /// <param name="Made">Reports made since start.</param>
    /// <param name="Acknowledged">Stored or duplicate acknowledgements since start.</param>
    /// <param name="Rejected">Reports the server refused for good (dropped from the spool).</param>
    /// <param name="Dropped">Reports the full spool dropped unsent.</param>
    public sealed record ReporterStatus(int Spooled, long Made, long Acknowledged, long Rejected, long Dropped, long SendFailures);
}

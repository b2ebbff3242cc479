using Akka.Actor;
using Scout.Actors.AgentWire;
using Scout.Agent.Reporting;

namespace Scout.Agent.Link;

/// <summary>
/// Every answer the reporter gets for a <see cref="ReporterProtocol.SendReport"/>. A report is an
/// invocation, not a send: the server answers only after its durable write, and that answer (or the
/// failure) goes straight back to the reporter, which alone decides what leaves its spool. An invocation
/// on a connection that is lost fails, so a report is never counted as delivered by a node that went away
/// before its durable write: the reporter sends it again, through whichever node the link reaches next.
/// </summary>
internal sealed class ReportSender(Func<AgentHubConnection> connection, IActorRef link)
{
    /// <param name="serverId">From the current connection's Welcome; null before it.</param>
    /// <param name="reporter">The asker, taken from Sender before anything asynchronous.</param>
    public void Send(MinuteReport report, string? serverId, IActorRef reporter)
    {
        if (serverId is null)
        {
            NotSent(report, "no Welcome from the server yet", reporter);
            return;
        }
        var reportId = report.ReportId;
        connection().InvokeReport(report with { ServerId = serverId })
            .PipeTo(reporter,
                success: ack => ack,
                failure: error => new ReporterProtocol.ReportNotSent(reportId, error.Message));
    }

    /// <summary>Not sent, and why: the reporter keeps the report spooled and tries again later.</summary>
    public void NotSent(MinuteReport report, string reason, IActorRef reporter) =>
        reporter.Tell(new ReporterProtocol.ReportNotSent(report.ReportId, reason), link);
}

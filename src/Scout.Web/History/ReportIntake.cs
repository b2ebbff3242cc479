using Scout.Actors.AgentWire;
using Scout.Web.Observability;

namespace Scout.Web.History;

/// <summary>What the agent hub does with a report: check it, have it written, answer with the ack.</summary>
public sealed class ReportIntake(ReportWriter writer, HistorySettings settings, TimeProvider clock, ILogger<ReportIntake> log)
{
    private long _rejected;

    /// <summary>A report whose window ended longer ago than this waited in the agent's spool (a node or network
    /// outage): two report periods, so an ordinary report delayed by a reconnect is not counted.</summary>
    public static readonly TimeSpan CaughtUpAfter = TimeSpan.FromMinutes(2);

    /// <summary>Reports refused since start (every reason).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Throws when the database failed: the caller must not acknowledge.</summary>
    public async Task<ReportAck> AcceptAsync(string connectionServerId, MinuteReport? report)
    {
        var reason = ReportValidation.Check(report, connectionServerId, clock.GetUtcNow(), settings);
        if (reason is not null)
        {
            var count = Interlocked.Increment(ref _rejected);
            WebInstruments.ReportsRejected.Add(1, new KeyValuePair<string, object?>("reason", ReportValidation.Label(reason)));
            // Each refusal carries its reason to the agent; here only the first and every 100th are logged.
            if (count == 1 || count % 100 == 0)
                log.LogWarning("Rejected a report of server {ServerId}: {Reason} ({Count} rejected so far)", connectionServerId, reason, count);
            return new ReportAck(report?.ReportId ?? "", ReportAck.Rejected, reason);
        }
        var added = await writer.WriteAsync(connectionServerId, report!);
        if (!added)
            WebInstruments.ReportsDuplicate.Add(1);
        else
        {
            WebInstruments.ReportsStored.Add(1);
            if (clock.GetUtcNow().ToUnixTimeMilliseconds() - report!.Time > CaughtUpAfter.TotalMilliseconds)
                WebInstruments.ReportsCaughtUp.Add(1);
        }
        return new ReportAck(report!.ReportId, added ? ReportAck.Stored : ReportAck.Duplicate, null);
    }
}

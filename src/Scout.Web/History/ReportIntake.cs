using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AgentWire;
using Scout.Web.Observability;

namespace Scout.Web.History;

/// <summary>What the agent hub does with a report: check it, hold it to the server's quota, have it written,
/// answer with the ack.</summary>
public sealed class ReportIntake(
    ReportWriter writer, ReportQuota quota, HistorySettings settings, TimeProvider clock, ILogger<ReportIntake> log)
{
    /// <summary>Largest JSON of a report's detail (cores, filesystems, processes), as stored: the sample limit.
    /// A real agent's is a few KB; with it a stored row is bounded, and so what a key can add to the disk.</summary>
    public const int MaxDetailBytes = 64 * 1024;

    private long _rejected;

    /// <summary>A report whose window ended longer ago than this waited in the agent's spool (a node or network
    /// outage): two report periods, so an ordinary report delayed by a reconnect is not counted.</summary>
    public static readonly TimeSpan CaughtUpAfter = TimeSpan.FromMinutes(2);

    /// <summary>Reports refused since start (every reason).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Throws when the database failed, or with <see cref="ReportPace.Throttled"/> over the server's
    /// quota: the caller must not acknowledge, and the agent keeps the report.</summary>
    public async Task<ReportAck> AcceptAsync(string connectionServerId, MinuteReport? report)
    {
        var reason = ReportValidation.Check(report, connectionServerId, clock.GetUtcNow(), settings);
        if (reason is null && !quota.TryTake(connectionServerId))
        {
            var throttled = quota.Throttled;
            if (throttled == 1 || throttled % 1000 == 0)
                log.LogWarning("Server {ServerId} sent reports faster than its quota ({Burst} at once, then {Rate}/s); answered \"{Answer}\" ({Count} so far)",
                    connectionServerId, settings.ReportBurst, settings.ReportsPerSecond, ReportPace.Throttled, throttled);
            throw new HubException(ReportPace.Throttled);
        }
        if (reason is null && ReportStore.DetailBytes(report!) > MaxDetailBytes)
            reason = $"oversize report: more than {MaxDetailBytes / 1024} KB of cores, filesystems and processes";
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

using System.Diagnostics.Metrics;
using Scout.Actors.Observability;

namespace Scout.Web.Observability;

/// <summary>The node's instruments that live outside the actors: hubs and minute reports (on <see cref="NodeMeter"/>'s meter).</summary>
public static class WebInstruments
{
    /// <summary>A gauge read from the count, like NodeMeter's (why: there).</summary>
    public static readonly LiveCount BrowserConnections = new();

    private static readonly ObservableGauge<long> BrowserConnectionsGauge = NodeMeter.Meter.CreateObservableGauge(
        "browser_connections", BrowserConnections.Read, description: "Browser connections open on this node's metrics hub.");

    public static readonly Counter<long> HubRefusals = NodeMeter.Meter.CreateCounter<long>(
        "hub_refusals_total", description: "Hub calls and connections refused, by hub (metrics, agent) and reason.");

    public static readonly Counter<long> ReportsStored = NodeMeter.Meter.CreateCounter<long>(
        "minute_reports_stored_total", description: "Minute reports written to the database (duplicates not counted).");

    public static readonly Counter<long> ReportsDuplicate = NodeMeter.Meter.CreateCounter<long>(
        "minute_reports_duplicate_total", description: "Minute reports already stored (an agent resending after a lost ack).");

    public static readonly Counter<long> ReportsRejected = NodeMeter.Meter.CreateCounter<long>(
        "minute_reports_rejected_total", description: "Minute reports refused for good, by reason (ReportValidation.Label).");

    public static readonly Counter<long> ReportsCaughtUp = NodeMeter.Meter.CreateCounter<long>(
        "minute_reports_caught_up_total", description: "Stored minute reports that came late from an agent's spool (window ended more than 2 minutes before).");

    /// <summary>Counts a refused hub call; <paramref name="reason"/> is one of the fixed words of the call site.</summary>
    public static void Refused(string hub, string reason) =>
        HubRefusals.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("reason", reason));
}

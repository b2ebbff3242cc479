using System.Diagnostics.Metrics;
using Prometheus;
using Scout.Actors.Observability;

namespace Scout.Web.Observability;

/// <summary>
/// Exports the <see cref="NodeMeter"/> meter's <see cref="Counter{T}"/>s as Prometheus counters. prometheus-net 8.2's
/// meter adapter writes every .NET counter as a gauge, and promtool refuses a gauge named <c>_total</c>; so counters are
/// listened to here and added to prometheus-net counters of the same name (the adapter takes the rest: up-down counters
/// as gauges, histograms, observable gauges). Label names are the tag keys our call sites use (fixed per instrument).
/// Unlabelled counters (the per-sample ones) cost one add per measurement; labelled ones are refusals and drops.
/// </summary>
public static class CounterExport
{
    /// <summary>Tag keys of each labelled counter, in the order the call sites give them.</summary>
    private static readonly Dictionary<string, string[]> Labels = new()
    {
        ["samples_dropped_total"] = ["reason"],
        ["hub_refusals_total"] = ["hub", "reason"],
        ["minute_reports_rejected_total"] = ["reason"],
    };

    private static MeterListener? _listener;

    /// <summary>True for the instruments this export handles, which the adapter must leave alone.</summary>
    public static bool Handles(Instrument instrument) => instrument.Meter.Name == NodeMeter.Name && instrument is Counter<long>;

    public static void Start()
    {
        if (_listener is not null)
            return;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (Handles(instrument))
                    l.EnableMeasurementEvents(instrument, Metrics.CreateCounter(NodeMeter.Name.ToLowerInvariant() + "_" + instrument.Name,
                        instrument.Description ?? instrument.Name, Labels.GetValueOrDefault(instrument.Name) ?? []));
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) =>
        {
            var counter = (Counter)state!;
            if (tags.Length == 0)
            {
                counter.Inc(value);
                return;
            }
            var values = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
                values[i] = tags[i].Value as string ?? "";
            counter.WithLabels(values).Inc(value);
        });
        listener.Start();
        _listener = listener;
    }
}

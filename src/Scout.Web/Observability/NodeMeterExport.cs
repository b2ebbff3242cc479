using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;
using Scout.Actors.Observability;

namespace Scout.Web.Observability;

/// <summary>
/// Exports the <see cref="NodeMeter"/> meter's <see cref="Counter{T}"/>s and <see cref="Histogram{T}"/>s as Prometheus
/// counters and histograms of the same names, through a listener of our own (prometheus-net's meter adapter takes the
/// rest: observable gauges).
/// <list type="bullet">
/// <item>Counters: prometheus-net 8.2's adapter writes every .NET counter as a gauge, and promtool refuses a gauge named
/// <c>_total</c>.</item>
/// <item>Histograms: they are recorded several times for every live sample (each hop, the latency), and the adapter
/// leases a labelled child per measurement: 2 % of a busy node's CPU in a profile. Here a labelled child is looked up
/// once per label value and kept.</item>
/// </list>
/// Label names are the tag keys our call sites use (fixed per instrument, short fixed values).
/// </summary>
public static class NodeMeterExport
{
    /// <summary>Tag keys of each labelled instrument, in the order the call sites give them.</summary>
    private static readonly Dictionary<string, string[]> Labels = new()
    {
        ["samples_dropped_total"] = ["reason"],
        ["hub_refusals_total"] = ["hub", "reason"],
        ["minute_reports_rejected_total"] = ["reason"],
        [NodeMeter.SampleHop.Name] = ["hop"],
    };

    private static MeterListener? _listener;

    /// <summary>True for the instruments this export handles, which the adapter must leave alone.</summary>
    public static bool Handles(Instrument instrument) =>
        instrument.Meter.Name == NodeMeter.Name && instrument is Counter<long> or Histogram<double>;

    public static void Start()
    {
        if (_listener is not null)
            return;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (!Handles(instrument))
                    return;
                var name = NodeMeter.Name.ToLowerInvariant() + "_" + instrument.Name;
                var help = instrument.Description ?? instrument.Name;
                var labels = Labels.GetValueOrDefault(instrument.Name) ?? [];
                l.EnableMeasurementEvents(instrument, instrument is Counter<long>
                    ? Metrics.CreateCounter(name, help, labels)
                    : new HistogramExport(Metrics.CreateHistogram(name, help, new HistogramConfiguration
                    {
                        LabelNames = labels,
                        Buckets = instrument == NodeMeter.SampleHop ? NodeMeter.HopBuckets : NodeMeter.LatencyBuckets,
                    })));
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
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) =>
            ((HistogramExport)state!).Observe(value, tags));
        listener.Start();
        _listener = listener;
    }

    /// <summary>One histogram and its children by label value (histograms here have at most one label).</summary>
    private sealed class HistogramExport(Histogram histogram)
    {
        private readonly ConcurrentDictionary<string, Histogram.Child> _children = new();

        public void Observe(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
                histogram.Observe(value);
            else
                _children.GetOrAdd(tags[0].Value as string ?? "", label => histogram.WithLabels(label)).Observe(value);
        }
    }
}

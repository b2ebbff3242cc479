using System.Diagnostics.Metrics;

namespace Scout.Actors.Observability;

/// <summary>
/// The node's instruments (System.Diagnostics.Metrics), named as Prometheus shows them after the meter's name
/// (<c>samples_received_total</c> is <c>scout_samples_received_total</c> at <c>/metrics</c>);
/// <c>dotnet-counters monitor --counters Scout</c> reads them live. One static meter per process: the actors
/// record on their hot path with <c>Add</c>/<c>Record</c> and no allocation (tags are structs, label values constants).
/// Labels are short fixed words only, never ids, hostnames or emails (docs/metrics-prometheus.md).
/// </summary>
public static class NodeMeter
{
    public const string Name = "Scout";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> SamplesReceived = Meter.CreateCounter<long>(
        "samples_received_total", description: "Samples that arrived from agents at this node's proxies (dropped ones included).");

    public static readonly Counter<long> SamplesDropped = Meter.CreateCounter<long>(
        "samples_dropped_total", description: "Samples not passed on, by reason (SampleDropReasons).");

    public static readonly Counter<long> SamplesRelayed = Meter.CreateCounter<long>(
        "samples_relayed_total", description: "Samples this node's bridge handed to browser connections (one per connection).");

    /// <summary>From the agent's sampling time to the bridge's write; agents' clocks count, so skew shows here.</summary>
    public static readonly Histogram<double> SampleLatency = Meter.CreateHistogram<double>(
        "sample_latency_seconds", unit: "s", description: "From the agent's timestamp of a sample to the bridge's write to SignalR.");

    /// <summary>Latency buckets from 1 ms to 10 s: realtime is milliseconds, a stalled path seconds.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Each hop of a live sample inside the cluster, labelled by <see cref="SampleHops"/>' fixed names.</summary>
    public static readonly Histogram<double> SampleHop = Meter.CreateHistogram<double>(
        "sample_hop_seconds", unit: "s", description: "Time a live sample spent on each hop inside the cluster (label hop).");

    /// <summary>Hop buckets from 0.1 ms: a hop inside one node takes tens of microseconds when nothing waits. Fine
    /// between 1 and 10 ms, where the way in spends most of a sample's time: a quantile is interpolated inside its
    /// bucket, and 1 / 2.5 / 5 ms alone read a p50 of 1.4 ms as 1.9 ms.</summary>
    public static readonly double[] HopBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // Gauges are read from counts the process keeps (LiveCount), not summed from the deltas a listener happened to
    // see: a listener started after some actors had counted themselves (a second node in a test process, a
    // dotnet-counters attached later) would otherwise see their -1 without their +1 and report too little.

    public static readonly LiveCount AgentsConnected = new();

    public static readonly LiveCount LiveStreams = new();

    public static readonly LiveCount Watchers = new();

    static NodeMeter()
    {
        Meter.CreateObservableGauge("agents_connected", AgentsConnected.Read,
            description: "Agent connections held by this node (one proxy each).");
        Meter.CreateObservableGauge("live_streams", LiveStreams.Read,
            description: "Servers streaming in the account sessions hosted on this node.");
        Meter.CreateObservableGauge("watchers", Watchers.Read,
            description: "Browser watches (a connection watching a server) on this node's bridge.");
    }

    /// <summary>One tag for a reason label; a struct, so recording allocates nothing.</summary>
    public static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);
}

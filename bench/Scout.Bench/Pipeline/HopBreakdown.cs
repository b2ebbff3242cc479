using System.Globalization;
using System.Text.RegularExpressions;

namespace Scout.Bench.Pipeline;

/// <summary>One hop of a live sample inside the node(s) over the measuring window: how many, and its p50/p99 as
/// Prometheus' <c>histogram_quantile</c> would estimate them from the buckets (linear inside a bucket).</summary>
public sealed record HopFigures(string Hop, long Count, double P50Ms, double P99Ms);

/// <summary>
/// The node's own per-hop histogram (<c>scout_sample_hop_seconds{hop}</c>, docs/metrics-prometheus.md), read from
/// every node's <c>/metrics</c> at the start and the end of the window and differenced, so only the window counts;
/// and the samples the nodes dropped by reason over the same window (<c>scout_samples_dropped_total</c>), so a
/// sample the watchers missed has a reason beside it.
/// </summary>
public sealed partial class HopBreakdown
{
    public const string Token = "bench-metrics-token";

    private readonly IReadOnlyList<Uri> _nodes;
    private Dictionary<(string Hop, double Le), double> _start = new();
    private Dictionary<string, double> _dropsAtStart = new();

    /// <summary>Samples dropped in the window by reason (only reasons with drops), after <see cref="StopAsync"/>.</summary>
    public IReadOnlyDictionary<string, long> Drops { get; private set; } = new Dictionary<string, long>();

    private HopBreakdown(IReadOnlyList<Uri> nodes) => _nodes = nodes;

    public static async Task<HopBreakdown> StartAsync(IReadOnlyList<Uri> nodes, CancellationToken ct)
    {
        var breakdown = new HopBreakdown(nodes);
        (breakdown._start, breakdown._dropsAtStart) = await breakdown.ScrapeAsync(ct);
        return breakdown;
    }

    public async Task<IReadOnlyList<HopFigures>> StopAsync(CancellationToken ct)
    {
        var (end, drops) = await ScrapeAsync(ct);
        Drops = drops.Select(kv => (kv.Key, Count: (long)(kv.Value - _dropsAtStart.GetValueOrDefault(kv.Key))))
            .Where(d => d.Count > 0).ToDictionary(d => d.Key, d => d.Count);
        return end.Keys.Select(k => k.Hop).Distinct().Order().Select(hop =>
        {
            var buckets = end.Where(kv => kv.Key.Hop == hop)
                .Select(kv => (Le: kv.Key.Le, Count: kv.Value - _start.GetValueOrDefault(kv.Key)))
                .OrderBy(b => b.Le).ToList();
            var total = (long)buckets[^1].Count;
            return new HopFigures(hop, total, Quantile(buckets, 0.50) * 1000, Quantile(buckets, 0.99) * 1000);
        }).ToList();
    }

    private static double Quantile(IReadOnlyList<(double Le, double Count)> cumulative, double q)
    {
        var total = cumulative[^1].Count;
        if (total <= 0)
            return double.NaN;
        var rank = q * total;
        var (lower, below) = (0.0, 0.0);
        foreach (var (le, count) in cumulative)
        {
            if (count >= rank)
                return double.IsPositiveInfinity(le) ? lower : lower + (le - lower) * (rank - below) / Math.Max(count - below, 1);
            (lower, below) = (le, count);
        }
        return lower;
    }

    /// <summary>Bucket counts by hop and upper bound, and drops by reason, each summed over the nodes.</summary>
    private async Task<(Dictionary<(string Hop, double Le), double> Buckets, Dictionary<string, double> Drops)> ScrapeAsync(CancellationToken ct)
    {
        var sums = new Dictionary<(string, double), double>();
        var drops = new Dictionary<string, double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        foreach (var node in _nodes)
        {
            var text = await http.GetStringAsync(new Uri(node, "/metrics"), ct);
            foreach (Match m in BucketLine().Matches(text))
            {
                var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
                var key = (m.Groups["hop"].Value, le);
                sums[key] = sums.GetValueOrDefault(key) + double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            }
            foreach (Match m in DropLine().Matches(text))
                drops[m.Groups["reason"].Value] = drops.GetValueOrDefault(m.Groups["reason"].Value)
                                                  + double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }
        return (sums, drops);
    }

    [GeneratedRegex("""^scout_samples_dropped_total\{reason="(?<reason>[a-z_]+)"\} (?<n>[0-9.e+]+)""", RegexOptions.Multiline)]
    private static partial Regex DropLine();

    [GeneratedRegex("""^scout_sample_hop_seconds_bucket\{hop="(?<hop>[a-z_]+)",le="(?<le>[^"]+)"\} (?<n>[0-9.e+]+)""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}

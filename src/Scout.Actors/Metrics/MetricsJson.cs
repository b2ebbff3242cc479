using System.Text.Json;

namespace Scout.Actors.Metrics;

/// <summary>
/// The one JSON shape of a <see cref="MetricsSample"/> (camelCase, documented in docs/metrics.md), shared
/// by the agent, the server and the browser API so a sample reads the same everywhere.
/// </summary>
public static class MetricsJson
{
    /// <summary>Compact, for the wire.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same names, indented for people (<c>scout-agent sample --json</c>).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
        };
        // Read-only: a consumer that changes a shared instance would change every other consumer's JSON.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

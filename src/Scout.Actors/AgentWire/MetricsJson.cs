using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Scout.Actors.AgentWire;

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
            TypeInfoResolver = Resolver(),
        };
        // Read-only: a consumer that changes a shared instance would change every other consumer's JSON.
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Compile-time metadata for the wire types first; reflection behind it only where the runtime has it
    /// (not in the natively compiled agent, where the trimmer drops this branch): the node serializes its
    /// cluster messages through a copy of these options.
    /// </summary>
    public static IJsonTypeInfoResolver Resolver() =>
        JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(WireJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : WireJsonContext.Default;
}

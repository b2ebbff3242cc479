using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scout.Actors.Metrics;

/// <summary>The JSON shape of samples everywhere (agent hub, browser hub, Akka serializer, sample --json).</summary>
public static class MetricsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
    };
}

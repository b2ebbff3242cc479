using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scout.Actors.AgentWire;

namespace Scout.Actors.SampleIntake;

/// <summary>
/// A checked sample as the UTF-8 JSON browsers receive, written once on the node that took it from the
/// agent, while reading it (<see cref="AgentSampleReader"/>): one pointer-free array per sample, which the GC does
/// not scan, where a <see cref="MetricsSample"/> graph of ~100 objects made ephemeral GCs of a busy node 6-8 times
/// the bare relay's (docs/benchmarks.md).
/// Wherever it is serialized — a hub call to browsers, a message between nodes — its JSON is written as is, so a
/// browser sees exactly the shape of docs/metrics.md.
/// </summary>
[JsonConverter(typeof(EncodedSampleConverter))]
public sealed class EncodedSample
{
    /// <summary>Names and escaping as SignalR's JSON hub protocol writes a <see cref="MetricsSample"/> by
    /// default (camelCase, relaxed escaping): what browsers got before samples were kept as JSON.</summary>
    internal static JsonSerializerOptions WireOptions { get; } = CreateWireOptions();

    internal EncodedSample(string serverId, long time, byte[] json, double proxiedAt)
    {
        ServerId = serverId;
        Time = time;
        Json = json;
        ProxiedAt = proxiedAt;
    }

    /// <summary>The largest encoded sample a node relays (checked by the reader, and again on samples from a peer).</summary>
    public const int MaxBytes = 64 * 1024;

    public string ServerId { get; }

    /// <summary>The agent's sampling time, Unix ms, for ordering and trimming without reading the JSON.</summary>
    public long Time { get; }

    /// <summary>The sample's JSON. Never changed once written: one instance goes to every bridge and watcher.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>When the agent's node read it (<see cref="Observability.SampleHops.NowMs"/>), for the per-hop
    /// latency figures only; 0 when not known.</summary>
    public double ProxiedAt { get; }

    /// <summary>
    /// A sample another node encoded and checked, as its bytes came over remoting (<see cref="Serialization.SampleWire"/>):
    /// kept as they are, not parsed into a sample and written again. Nodes are members of the cluster, admitted by
    /// certificate; what is still checked here is what a browser relies on: one well-formed JSON object of at most
    /// <see cref="MaxBytes"/>.
    /// </summary>
    /// <exception cref="JsonException">Not one JSON object, or too large.</exception>
    public static EncodedSample FromPeer(string serverId, long time, ReadOnlySpan<byte> json, double proxiedAt)
    {
        if (json.Length > MaxBytes)
            throw new JsonException($"a sample from a peer has {json.Length} bytes");
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a sample from a peer is not a JSON object");
        reader.Skip();
        if (reader.Read())
            throw new JsonException("a sample from a peer has bytes after its object");
        return new EncodedSample(serverId, time, json.ToArray(), proxiedAt);
    }

    /// <summary>The sample again, for the few readers that need its values (the ops console's top).</summary>
    public MetricsSample Decode() =>
        JsonSerializer.Deserialize<MetricsSample>(Json.Span, WireOptions)
        ?? throw new JsonException("an encoded sample holds null");

    private static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions(MetricsJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Writes an <see cref="EncodedSample"/> as its JSON (no re-serialization). Reading — between nodes, for the
/// backfills and watch answers written as JSON — goes through <see cref="AgentSampleReader"/>, the one
/// reader of sample JSON; the live samples themselves cross nodes in <see cref="Serialization.SampleWire"/>'s frame.</summary>
public sealed class EncodedSampleConverter : JsonConverter<EncodedSample>
{
    public override EncodedSample Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AgentSampleReader.Read(ref reader, out var problem)
        ?? throw new JsonException($"a sample from a peer is refused: {problem}");

    public override void Write(Utf8JsonWriter writer, EncodedSample value, JsonSerializerOptions options) =>
        // Our own serializer's output: validating it again would cost as much as writing it.
        writer.WriteRawValue(value.Json.Span, skipInputValidation: true);
}

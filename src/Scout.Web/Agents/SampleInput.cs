using System.Text.Json;
using System.Text.Json.Serialization;
using Scout.Actors.SampleIntake;

namespace Scout.Web.Agents;

/// <summary>
/// One sample argument of an agent hub call, read while SignalR binds the call (<see cref="AgentSampleReader"/>):
/// either the sample as browsers will get it, or why it was refused. A refusal is a value, not a binding failure,
/// because SignalR drops a call whose arguments do not bind with only a debug line: a bad sample would be neither
/// counted nor logged.
/// </summary>
[JsonConverter(typeof(SampleInputConverter))]
public sealed class SampleInput
{
    private SampleInput(EncodedSample? sample, string? problem)
    {
        Sample = sample;
        Problem = problem;
    }

    /// <summary>The sample, whole and with possible figures; whose server it is and its time are the proxy's to check.</summary>
    public EncodedSample? Sample { get; }

    /// <summary>Why it was refused (a fixed sentence naming a JSON path, never the agent's data); null when read.</summary>
    public string? Problem { get; }

    internal static SampleInput Read(ref Utf8JsonReader reader)
    {
        // SignalR hands over a reader on the whole message, so a copy taken here can skip the value whole when
        // the read stops inside it. JSON that is not JSON fails the skip too, and the hub closes the connection.
        var start = reader;
        var sample = AgentSampleReader.Read(ref reader, out var problem);
        if (sample is null)
        {
            reader = start;
            reader.Skip();
        }
        return new SampleInput(sample, problem);
    }
}

public sealed class SampleInputConverter : JsonConverter<SampleInput>
{
    // A JSON null reaches Read too, so it becomes a refusal rather than a null argument.
    public override bool HandleNull => true;

    public override SampleInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SampleInput.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, SampleInput value, JsonSerializerOptions options) =>
        throw new NotSupportedException("a sample input is only read, from agents");
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scout.Web.Agents;

/// <summary>
/// One argument of an agent hub call, read leniently: JSON that does not fit <typeparamref name="T"/> becomes
/// an <see cref="Error"/> instead of a binding failure. SignalR drops a call whose arguments do not bind with
/// only a debug line, so without this a malformed sample would be neither counted nor logged.
/// </summary>
[JsonConverter(typeof(AgentInputConverterFactory))]
public sealed class AgentInput<T> where T : class
{
    private AgentInput(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, when the JSON fitted (it may still be incomplete: the proxy checks that).</summary>
    public T? Value { get; }

    /// <summary>Why the JSON did not fit, naming where (a JSON path, never the agent's data).</summary>
    public string? Error { get; }

    public static AgentInput<T> Of(T? value) => new(value, null);

    public static AgentInput<T> Malformed(string error) => new(null, error);
}

public sealed class AgentInputConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(AgentInput<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(
            typeof(AgentInputConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

public sealed partial class AgentInputConverter<T> : JsonConverter<AgentInput<T>> where T : class
{
    // A JSON null reaches Read too, so it becomes an input without a value rather than a null argument.
    public override bool HandleNull => true;

    public override AgentInput<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // SignalR hands over a reader on the whole message, so a copy taken here can skip the value whole
        // when it turns out not to fit.
        var start = reader;
        try
        {
            return AgentInput<T>.Of(JsonSerializer.Deserialize<T>(ref reader, options));
        }
        catch (JsonException e)
        {
            reader = start;
            reader.Skip();
            return AgentInput<T>.Malformed($"malformed: unreadable JSON at {WithoutIndexes(e.Path)}");
        }
    }

    // "$.processes[212].pid", "$.processes[7].pid" and "$.Processes[7].PID" (names match case-insensitively,
    // and the path keeps the agent's spelling) are one reason: the proxy logs each reason once.
    private static string WithoutIndexes(string? path) => path is null ? "$" : Indexes().Replace(path, "[]").ToLowerInvariant();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex Indexes();

    public override void Write(Utf8JsonWriter writer, AgentInput<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Value, options);
}

using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;

namespace Scout.Actors.SampleIntake;

/// <summary>
/// Reads a sample's JSON as an agent sent it and, in the same pass, checks it and writes the JSON browsers get
/// (<see cref="EncodedSample"/>). No <see cref="AgentWire.MetricsSample"/> graph is built: building it and writing
/// it again was a third of a busy node's CPU (docs/benchmarks.md), and a bare relay cannot skip its own read.
/// <list type="bullet">
/// <item>Every part of docs/metrics.md must be there, once, of its type; a figure the model allows to be unknown may
/// be null, nothing else may. Properties it does not know are left out (a newer agent's addition), not refused.</item>
/// <item>Every figure must be one a machine can have (<see cref="SampleBounds"/>), and the whole at most
/// <see cref="EncodedSample.MaxBytes"/> of JSON.</item>
/// <item>What needs the connection or the clock (whose server, how old) is <see cref="SampleLimits.Check"/>'s.</item>
/// </list>
/// Numbers are copied as the agent wrote them (JSON the reader has validated) unless their text is long; text is
/// unescaped and escaped again as the browsers' wire does. A refusal is one of a fixed set of sentences, so nothing is allocated to say why.
/// </summary>
public static partial class AgentSampleReader
{
    public const string MissingParts = "malformed: missing parts";

    [ThreadStatic] private static ArrayBufferWriter<byte>? _scratch;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>
    /// Reads the value at <paramref name="reader"/> (a sample object). On success the reader is on the object's end
    /// and the sample is returned; otherwise <paramref name="problem"/> says why and the reader is somewhere inside
    /// the value: the caller, holding a copy from before, skips it.
    /// </summary>
    public static EncodedSample? Read(ref Utf8JsonReader reader, out string? problem)
    {
        var scratch = _scratch ??= new ArrayBufferWriter<byte>(8192);
        var writer = _writer ??= new Utf8JsonWriter(scratch, new JsonWriterOptions { Encoder = EncodedSample.WireOptions.Encoder });
        scratch.ResetWrittenCount();
        writer.Reset(scratch);
        var totals = new Totals();
        try
        {
            problem = reader.TokenType switch
            {
                JsonTokenType.StartObject => ReadObject(ref reader, writer, Shapes.Sample, ref totals),
                JsonTokenType.Null => MissingParts,
                _ => Shapes.Sample.Unreadable,
            };
            if (problem is null)
            {
                writer.Flush();
                problem = scratch.WrittenCount > EncodedSample.MaxBytes ? SampleLimits.Oversized : null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // JSON the reader refuses (then the caller's skip refuses it too, and the hub closes the connection),
            // text that is not UTF-8 or escapes a lone surrogate, a number of the wrong kind.
            problem = totals.Reading?.Unreadable ?? Shapes.Sample.Unreadable;
        }
        if (problem is not null)
        {
            // A refused sample may have grown this thread's buffer to several times the limit (text that escapes
            // to six bytes a character): not kept for the thread's life.
            if (scratch.Capacity > 2 * EncodedSample.MaxBytes)
                _scratch = null;
            return null;
        }
        // An ordinary young array: nothing on the node keeps a sample once it is sent, so these die in gen0.
        var json = GC.AllocateUninitializedArray<byte>(scratch.WrittenCount);
        scratch.WrittenSpan.CopyTo(json);
        return new EncodedSample(totals.ServerId!, totals.Time, json, Observability.SampleHops.NowMs());
    }

    /// <summary>What the figures of one object say about the whole: filled in as objects end.</summary>
    private struct Totals
    {
        public string? ServerId;
        public long Time;
        public long Cores;
        public double BusiestProcess;
        /// <summary>The field being read, to name it when the read throws.</summary>
        public Field? Reading;
    }

    private const int MaxFields = 10;

    /// <summary>Reads one object of <paramref name="shape"/> from its start to its end, writing it as it goes.</summary>
    private static string? ReadObject(ref Utf8JsonReader r, Utf8JsonWriter w, Shape shape, ref Totals t)
    {
        Span<long> whole = stackalloc long[MaxFields];
        Span<double> real = stackalloc double[MaxFields];
        var seen = 0u;
        var next = 0;
        w.WriteStartObject();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var i = shape.Find(ref r, next);
            if (i < 0)
            {
                r.Skip();
                continue;
            }
            var field = shape.Fields[i];
            if ((seen & (1u << i)) != 0)
                return field.Unreadable;
            seen |= 1u << i;
            next = i + 1;
            t.Reading = field;
            r.Read();
            w.WritePropertyName(field.Name);
            var problem = ReadValue(ref r, w, field, ref whole[i], ref real[i], ref t);
            if (problem is not null)
                return problem;
        }
        if (seen != shape.All)
            return MissingParts;
        w.WriteEndObject();
        return shape.Rule(whole, real, ref t);
    }

    private static string? ReadValue(ref Utf8JsonReader r, Utf8JsonWriter w, Field f, ref long whole, ref double real, ref Totals t)
    {
        var token = r.TokenType;
        switch (f.Kind)
        {
            case Kind.Text or Kind.Id:
                if (token == JsonTokenType.Null)
                    return MissingParts;
                if (token != JsonTokenType.String)
                    return f.Unreadable;
                if (f.Kind == Kind.Id)
                    t.ServerId = r.GetString();
                return WriteText(ref r, w) ? null : f.Unreadable;
            case Kind.Int32:
                if (token != JsonTokenType.Number || !r.TryGetInt32(out var i32))
                    return f.Unreadable;
                whole = i32;
                if (!TryWriteAsWritten(ref r, w))
                    w.WriteNumberValue(whole);
                return null;
            case Kind.Int64:
                if (token != JsonTokenType.Number || !r.TryGetInt64(out whole))
                    return f.Unreadable;
                if (!TryWriteAsWritten(ref r, w))
                    w.WriteNumberValue(whole);
                return null;
            case Kind.Real or Kind.RealOrNull:
                if (token == JsonTokenType.Null && f.Kind == Kind.RealOrNull)
                {
                    // JSON has no NaN, so NaN can stand for "not known" in the rules.
                    real = double.NaN;
                    w.WriteNullValue();
                    return null;
                }
                if (token != JsonTokenType.Number || !r.TryGetDouble(out real))
                    return f.Unreadable;
                if (!TryWriteAsWritten(ref r, w))
                    w.WriteNumberValue(real);
                return null;
            case Kind.Object or Kind.ObjectOrNull:
                if (token == JsonTokenType.Null)
                {
                    if (f.Kind == Kind.Object)
                        return MissingParts;
                    w.WriteNullValue();
                    return null;
                }
                return token == JsonTokenType.StartObject ? ReadObject(ref r, w, f.Of!, ref t) : f.Unreadable;
            case Kind.List:
                if (token == JsonTokenType.Null)
                    return MissingParts;
                if (token != JsonTokenType.StartArray)
                    return f.Unreadable;
                w.WriteStartArray();
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    if (r.TokenType == JsonTokenType.Null)
                        return MissingParts;
                    if (r.TokenType != JsonTokenType.StartObject)
                        return f.Unreadable;
                    var problem = ReadObject(ref r, w, f.Of!, ref t);
                    if (problem is not null)
                        return problem;
                    whole++;
                    t.Reading = f;
                    // A sample past the limit is refused anyway: stop writing it as soon as that is certain.
                    if (w.BytesCommitted + w.BytesPending > EncodedSample.MaxBytes)
                        return SampleLimits.Oversized;
                }
                w.WriteEndArray();
                return null;
            default:
                throw new InvalidOperationException($"no reader for {f.Kind}");
        }
    }

    private const int StackCopyBytes = 256;

    /// <summary>The longest number text passed on as the agent wrote it; the shortest form of any double is 24.</summary>
    private const int MaxRawNumberBytes = 32;

    /// <summary>
    /// Writes a number as the agent wrote it (the reader has checked it is a JSON number), unless its text is long (a
    /// 5,000-digit <c>0.000…5</c> is a valid JSON number and would fill a sample) or split across the message's
    /// buffers: then the caller writes the value read, in its shortest form.
    /// </summary>
    private static bool TryWriteAsWritten(ref Utf8JsonReader r, Utf8JsonWriter w)
    {
        if (r.HasValueSequence || r.ValueSpan.Length > MaxRawNumberBytes)
            return false;
        w.WriteRawValue(r.ValueSpan, skipInputValidation: true);
        return true;
    }

    /// <summary>Text unescaped and written again, escaped as the wire escapes. The reader does not look inside text and
    /// the writer passes on what is not UTF-8, so that is checked here: a browser's JSON.parse would fail on it.</summary>
    private static bool WriteText(ref Utf8JsonReader r, Utf8JsonWriter w)
    {
        if (!r.HasValueSequence && !r.ValueIsEscaped)
        {
            if (!Utf8.IsValid(r.ValueSpan))
                return false;
            w.WriteStringValue(r.ValueSpan);
            return true;
        }
        // Unescaped text is never longer than its escaped form.
        var length = checked((int)(r.HasValueSequence ? r.ValueSequence.Length : r.ValueSpan.Length));
        var rented = length > StackCopyBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        var copy = rented is null ? stackalloc byte[StackCopyBytes] : rented;
        try
        {
            // Throws on an escaped lone surrogate: the caller's refusal.
            var written = r.CopyString(copy);
            if (!Utf8.IsValid(copy[..written]))
                return false;
            w.WriteStringValue(copy[..written]);
            return true;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

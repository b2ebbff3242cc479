using System.Buffers;
using System.Text.Json;

namespace Scout.Actors.AccountSessions;

/// <summary>
/// How a session keeps an older sample of its minute: the sample's JSON without its process list and filesystems,
/// split into its <see cref="SampleShape"/> (every byte but the numbers, shared by the server's samples while it keeps
/// the same cores, disks and interfaces) and its numbers, four bits a character. A server's charts need only the
/// numbers, and its keys and names repeat every second: a slim sample of ~2.4 KB keeps ~400 bytes here, which at
/// 1,000 streaming servers is most of the node's memory above the bare relay's (issue 18, docs/benchmarks.md).
/// <see cref="Unpack"/> gives back the slim JSON byte for byte.
/// </summary>
internal readonly record struct PackedSample(long Time, double ProxiedAt, SampleShape Shape, byte[] Numbers)
{
    // A number's characters in JSON, one per nibble value; the last value ends a number.
    private const string Symbols = "0123456789.-eE+";
    private const byte End = 15;

    // Each byte's nibble value, looked up once per character of every number on the session's path.
    private static readonly byte[] NibbleOf = CreateNibbleOf();

    private static byte[] CreateNibbleOf()
    {
        var table = new byte[256];
        for (var i = 0; i < Symbols.Length; i++)
            table[Symbols[i]] = (byte)i;
        return table;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? _text;
    [ThreadStatic] private static List<int>? _holes;
    [ThreadStatic] private static List<byte>? _nibbles;

    /// <summary>Packs <paramref name="sample"/>, reusing <paramref name="shape"/> when the sample has exactly that shape.</summary>
    /// <param name="sample">A sample this node encoded or checked: one JSON object (<see cref="EncodedSample"/>).</param>
    public static PackedSample Pack(EncodedSample sample, SampleShape? shape)
    {
        var text = _text ??= new ArrayBufferWriter<byte>(4096);
        var holes = _holes ??= new List<int>(256);
        var nibbles = _nibbles ??= new List<byte>(1024);
        text.ResetWrittenCount();
        holes.Clear();
        nibbles.Clear();

        var json = sample.Json.Span;
        var reader = new Utf8JsonReader(json);
        var copied = 0; // bytes of json already in text or nibbles
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1
                && (reader.ValueTextEquals("processes"u8) || reader.ValueTextEquals("filesystems"u8)))
            {
                reader.Read();
                text.Write(json[copied..(int)reader.TokenStartIndex]);
                text.Write("[]"u8);
                reader.Skip();
                copied = (int)reader.BytesConsumed;
            }
            else if (reader.TokenType == JsonTokenType.Number)
            {
                var start = (int)reader.TokenStartIndex;
                text.Write(json[copied..start]);
                holes.Add(text.WrittenCount);
                foreach (var c in reader.ValueSpan)
                    nibbles.Add(NibbleOf[c]);
                nibbles.Add(End);
                copied = start + reader.ValueSpan.Length;
            }
        }
        text.Write(json[copied..]);

        if (shape is null || !shape.Matches(text.WrittenSpan, holes))
            shape = new SampleShape(text.WrittenSpan.ToArray(), [.. holes]);
        // Pinned: a minute of these per streaming server lives long enough to reach gen2; on the pinned heap the
        // ephemeral GCs on its way there never copy it.
        var numbers = GC.AllocateUninitializedArray<byte>((nibbles.Count + 1) / 2, pinned: true);
        for (var i = 0; i < numbers.Length; i++)
        {
            var high = nibbles[2 * i];
            var low = 2 * i + 1 < nibbles.Count ? nibbles[2 * i + 1] : End;
            numbers[i] = (byte)(high << 4 | low);
        }
        return new PackedSample(sample.Time, sample.ProxiedAt, shape, numbers);
    }

    /// <summary>The slim sample's JSON again: the shape with each number written back into its place.</summary>
    public EncodedSample Unpack(string serverId)
    {
        var text = Shape.Text;
        var json = new byte[text.Length + 2 * Numbers.Length]; // at most two characters a byte of numbers
        var written = 0;
        var from = 0;
        var nibble = 0;
        foreach (var hole in Shape.Holes)
        {
            text.AsSpan(from, hole - from).CopyTo(json.AsSpan(written));
            written += hole - from;
            from = hole;
            for (var symbol = Nibble(nibble++); symbol != End; symbol = Nibble(nibble++))
                json[written++] = (byte)Symbols[symbol];
        }
        text.AsSpan(from).CopyTo(json.AsSpan(written));
        written += text.Length - from;
        return EncodedSample.Slim(serverId, Time, json.AsSpan(0, written), ProxiedAt);
    }

    private int Nibble(int index) => index % 2 == 0 ? Numbers[index / 2] >> 4 : Numbers[index / 2] & 0xF;
}

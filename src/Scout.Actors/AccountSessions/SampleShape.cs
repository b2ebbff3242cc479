using System.Runtime.InteropServices;

namespace Scout.Actors.AccountSessions;

/// <summary>A sample's JSON without its numbers (<see cref="Text"/>), and where each number goes in it (<see cref="Holes"/>,
/// offsets into the text in order).</summary>
internal sealed class SampleShape(byte[] text, int[] holes)
{
    public byte[] Text { get; } = text;
    public int[] Holes { get; } = holes;

    public bool Matches(ReadOnlySpan<byte> text, List<int> holes) =>
        Text.AsSpan().SequenceEqual(text) && Holes.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(holes));
}

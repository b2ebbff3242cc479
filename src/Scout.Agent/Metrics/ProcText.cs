using System.Numerics;

namespace Scout.Agent.Metrics;

/// <summary>
/// Small parsing helpers for /proc text. They work on spans so a reading allocates little: the agent
/// samples every second for as long as someone watches, and must stay invisible in <c>top</c>.
/// </summary>
public static class ProcText
{
    /// <summary>
    /// Parses up to <c>values.Length</c> whitespace-separated counters from <paramref name="rest"/> into
    /// <paramref name="values"/>; <paramref name="count"/> says how many the line had (older kernels write
    /// fewer). False when a field is not a counter: the line is malformed.
    /// </summary>
    public static bool TryParseCounters(scoped ref ReadOnlySpan<char> rest, scoped Span<ulong> values, out int count)
    {
        count = 0;
        while (count < values.Length)
        {
            var field = NextField(ref rest);
            if (field.IsEmpty)
            {
                return true;
            }
            if (!TryParseCounter(field, out values[count]))
            {
                return false;
            }
            count++;
        }
        return true;
    }

    /// <summary>Next whitespace-separated field of <paramref name="rest"/>, advancing it; empty when none is left.</summary>
    public static ReadOnlySpan<char> NextField(scoped ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart();
        var end = rest.IndexOfAny(' ', '\t');
        if (end < 0)
        {
            var last = rest;
            rest = ReadOnlySpan<char>.Empty;
            return last;
        }
        var field = rest[..end];
        rest = rest[end..];
        return field;
    }

    /// <summary>Same as <see cref="NextField(ref ReadOnlySpan{char})"/> for the raw bytes of a /proc file.</summary>
    public static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> rest)
    {
        var start = 0;
        while (start < rest.Length && (rest[start] == (byte)' ' || rest[start] == (byte)'\t' || rest[start] == (byte)'\n'))
        {
            start++;
        }
        rest = rest[start..];
        var end = rest.IndexOfAny((byte)' ', (byte)'\t', (byte)'\n');
        if (end < 0)
        {
            var last = rest;
            rest = ReadOnlySpan<byte>.Empty;
            return last;
        }
        var field = rest[..end];
        rest = rest[end..];
        return field;
    }

    /// <summary>Parses an unsigned decimal counter; false for anything else (a dash, a word, an overflow).</summary>
    public static bool TryParseCounter(ReadOnlySpan<char> text, out ulong value) => TryParseDigits(text, out value);

    /// <inheritdoc cref="TryParseCounter(ReadOnlySpan{char}, out ulong)"/>
    public static bool TryParseCounter(ReadOnlySpan<byte> text, out ulong value) => TryParseDigits(text, out value);

    // One body for text and for raw bytes; compiled once per character type, so neither pays for the other.
    private static bool TryParseDigits<T>(ReadOnlySpan<T> text, out ulong value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            var digit = uint.CreateTruncating(c) - '0';
            if (digit > 9 || value > (ulong.MaxValue - digit) / 10)
            {
                value = 0;
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }
}

using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// Interface traffic from /proc/net/dev (the network namespace the agent runs in). The loopback
/// interface "lo" is left out: it is the machine talking to itself, not network traffic, and would
/// double-count every local proxy hop. Every other interface is listed, including virtual ones.
/// </summary>
public sealed class NetworkReader : IDisposable
{
    public const string Loopback = "lo";

    private readonly ProcTextFile _dev;
    private Dictionary<string, NetCounters> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, NetCounters> _current = new(StringComparer.Ordinal);

    public NetworkReader(string procDirectory)
    {
        _dev = new ProcTextFile(Path.Combine(procDirectory, "net", "dev"));
    }

    /// <summary>Closes the file held open between readings.</summary>
    public void Dispose() => _dev.Dispose();

    /// <summary>Lines that were not interface lines; skipped and counted, never fatal.</summary>
    public long SkippedLines { get; private set; }

    public IReadOnlyList<NetworkStats> Read(double seconds)
    {
        _current.Clear();
        if (!_dev.TryRead(out var text))
        {
            (_previous, _current) = (_current, _previous);
            return [];
        }
        var result = new List<NetworkStats>();
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || line.IndexOf('|') >= 0)
            {
                continue; // the two header lines
            }
            var name = line[..colon].Trim();
            if (name.SequenceEqual(Loopback))
            {
                continue;
            }
            // Old kernels print "eth0:123" without a space after the colon, so split there, not on spaces.
            if (name.IsEmpty || !NetCounters.TryParse(line[(colon + 1)..], out var after))
            {
                SkippedLines++;
                continue;
            }
            var lookup = _previous.GetAlternateLookup<ReadOnlySpan<char>>();
            var known = lookup.TryGetValue(name, out var key, out var before);
            key ??= name.ToString();
            _current[key] = after;
            result.Add(known ? Compute(key, before, after, seconds) : new NetworkStats(key, null, null, null, null, null, null, null, null));
        }
        (_previous, _current) = (_current, _previous);
        return result;
    }

    private static NetworkStats Compute(string name, NetCounters before, NetCounters after, double seconds) => new(
        name,
        RxBytesPerSec: Rates.PerSecond(before.RxBytes, after.RxBytes, seconds),
        TxBytesPerSec: Rates.PerSecond(before.TxBytes, after.TxBytes, seconds),
        RxPacketsPerSec: Rates.PerSecond(before.RxPackets, after.RxPackets, seconds),
        TxPacketsPerSec: Rates.PerSecond(before.TxPackets, after.TxPackets, seconds),
        RxErrorsPerSec: Rates.PerSecond(before.RxErrors, after.RxErrors, seconds),
        TxErrorsPerSec: Rates.PerSecond(before.TxErrors, after.TxErrors, seconds),
        RxDropsPerSec: Rates.PerSecond(before.RxDrops, after.RxDrops, seconds),
        TxDropsPerSec: Rates.PerSecond(before.TxDrops, after.TxDrops, seconds));
}

/// <summary>Receive and transmit counters of one /proc/net/dev line.</summary>
public readonly record struct NetCounters(
    ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDrops,
    ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDrops)
{
    /// <summary>
    /// The part after "name:": rx bytes packets errs drop fifo frame compressed multicast, then
    /// tx bytes packets errs drop fifo colls carrier compressed (16 numbers).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> numbers, out NetCounters counters)
    {
        counters = default;
        Span<ulong> values = stackalloc ulong[16];
        var rest = numbers;
        for (var i = 0; i < values.Length; i++)
        {
            if (!ProcText.TryParseCounter(ProcText.NextField(ref rest), out values[i]))
            {
                return false;
            }
        }
        counters = new NetCounters(values[0], values[1], values[2], values[3], values[8], values[9], values[10], values[11]);
        return true;
    }
}

using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>Memory from /proc/meminfo, converted from kB to bytes.</summary>
public sealed class MemoryReader(string procDirectory) : ProcFileReader<MemoryStats>(procDirectory, "meminfo")
{
    protected override MemoryStats ReadFrom(ReadOnlySpan<char> text) => Parse(text);

    public static MemoryStats Parse(ReadOnlySpan<char> meminfo)
    {
        long total = 0, free = 0, buffers = 0, cached = 0, reclaimable = 0, swapTotal = 0, swapFree = 0;
        long? available = null;
        foreach (var line in meminfo.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var rest = line[(colon + 1)..];
            if (!ProcText.TryParseCounter(ProcText.NextField(ref rest), out var kb))
            {
                continue;
            }
            var bytes = (long)Math.Min(kb, long.MaxValue / 1024) * 1024;
            switch (line[..colon])
            {
                case "MemTotal": total = bytes; break;
                case "MemFree": free = bytes; break;
                case "MemAvailable": available = bytes; break;
                case "Buffers": buffers = bytes; break;
                case "Cached": cached = bytes; break;
                case "SReclaimable": reclaimable = bytes; break;
                case "SwapTotal": swapTotal = bytes; break;
                case "SwapFree": swapFree = bytes; break;
            }
        }
        // Kernels before 3.14 have no MemAvailable; free + buffers + page cache is the classic estimate.
        var avail = Math.Min(total, available ?? free + buffers + cached);
        return new MemoryStats(
            Total: total,
            Available: avail,
            Used: total - avail,
            Cached: cached + reclaimable,
            Buffers: buffers,
            SwapTotal: swapTotal,
            SwapUsed: Math.Max(0, swapTotal - swapFree));
    }
}

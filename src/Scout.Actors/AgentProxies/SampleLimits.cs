using Scout.Actors.AccountSessions;
using Scout.Actors.AgentWire;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// Checks a sample before it enters the cluster: every part present, the time sane, every figure one a machine
/// can have (<see cref="Check"/>, <see cref="SampleBounds"/>),
/// and its encoded JSON no larger than a real machine would produce (<see cref="CheckSize"/>).
/// <see cref="EstimateBytes"/> is the agent's cheap guess, used only to slice backfills.
/// </summary>
public static class SampleLimits
{
    public const int MaxBytes = EncodedSample.MaxBytes;

    /// <summary>How far an agent's clock may be ahead of the server's before its samples are refused.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The reason the sample is refused, or null when it is acceptable.</summary>
    public static string? Check(MetricsSample? sample, string serverId, DateTimeOffset now)
    {
        if (sample is null || !Complete(sample))
            return "malformed: missing parts";
        if (sample.ServerId != serverId)
            return "server id does not match the agent's connection";
        var nowMs = now.ToUnixTimeMilliseconds();
        if (sample.Time - nowMs > MaxClockSkew.TotalMilliseconds)
            return "sampling time is in the future";
        return SampleBounds.Check(sample, nowMs);
    }

    /// <summary>The reason an encoded sample is refused for its size, or null. Checked on the exact JSON:
    /// an estimate from string lengths undercounts text outside ASCII by up to three times.</summary>
    public static string? CheckSize(EncodedSample encoded) =>
        encoded.Json.Length > MaxBytes ? Oversized : null;

    public static readonly string Oversized = $"oversized: more than {MaxBytes / 1024} KB of JSON";

    public static int EstimateBytes(MetricsSample s)
    {
        var size = 400 + (s.ServerId?.Length ?? 0);
        size += (s.Cpu?.Cores?.Count ?? 0) * 110;
        foreach (var d in s.Disks ?? []) size += 150 + (d?.Name?.Length ?? 0);
        foreach (var f in s.Filesystems ?? []) size += 90 + (f?.Mount?.Length ?? 0) + (f?.Device?.Length ?? 0) + (f?.Type?.Length ?? 0);
        foreach (var n in s.Network ?? []) size += 230 + (n?.Name?.Length ?? 0);
        foreach (var p in s.Processes ?? [])
            size += 110 + (p?.Name?.Length ?? 0) + (p?.Command?.Length ?? 0) + (p?.User?.Length ?? 0) + (p?.State?.Length ?? 0);
        return size;
    }

    // JSON from a misbehaving agent can hold nulls anywhere the model says there are none.
    private static bool Complete(MetricsSample s) =>
        s.ServerId is not null && s.Cpu is { Cores: not null } && s.Memory is not null && s.Load is not null
        && NoNulls(s.Cpu.Cores) && NoNulls(s.Disks) && NoNulls(s.Filesystems) && NoNulls(s.Network) && NoNulls(s.Processes);

    private static bool NoNulls<T>(IReadOnlyList<T>? items) where T : class
    {
        if (items is null)
            return false;
        foreach (var item in items)
            if (item is null)
                return false;
        return true;
    }
}

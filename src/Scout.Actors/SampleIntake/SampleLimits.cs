using Scout.Actors.AgentWire;

namespace Scout.Actors.SampleIntake;

/// <summary>
/// What is checked of a sample once <see cref="AgentSampleReader"/> has read it: that it is this connection's server,
/// and that its time is sane against the server's clock. The size limit is the reader's (<see cref="Oversized"/>).
/// <see cref="EstimateBytes"/> is the agent's cheap guess, used only to slice backfills.
/// </summary>
public static class SampleLimits
{
    public const int MaxBytes = EncodedSample.MaxBytes;

    /// <summary>How far an agent's clock may be ahead of the server's before its samples are refused.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public const string WrongServer = "server id does not match the agent's connection";
    public const string FutureTime = "sampling time is in the future";

    /// <summary>The reason the sample is refused, or null when it is acceptable.</summary>
    public static string? Check(EncodedSample sample, string serverId, DateTimeOffset now)
    {
        if (sample.ServerId != serverId)
            return WrongServer;
        var nowMs = now.ToUnixTimeMilliseconds();
        if (sample.Time - nowMs > MaxClockSkew.TotalMilliseconds)
            return FutureTime;
        return sample.Time < nowMs - (long)SampleBounds.MaxAge.TotalMilliseconds ? SampleBounds.TooOld : null;
    }

    /// <summary>Checked on the exact JSON: an estimate from string lengths undercounts text outside ASCII by up to three times.</summary>
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
}

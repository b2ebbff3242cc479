namespace Scout.Agent.Streaming;

/// <summary>How much history the agent keeps locally (scout.agent.buffer in hocon/agent.hocon).</summary>
/// <param name="Enabled">Off: no buffer actor and no own readings; backfill sends nothing.</param>
/// <param name="Length">Window of samples kept; older ones are dropped.</param>
/// <param name="Interval">Spacing of the buffer's own readings when no stream runs.</param>
public sealed record LocalBufferSettings(bool Enabled, TimeSpan Length, TimeSpan Interval)
{
    public static readonly LocalBufferSettings Default = new(true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));

    /// <summary>Throws with a message naming the bad value, so a bad config is a clear error, not a silent buffer.</summary>
    public LocalBufferSettings Validate()
    {
        if (!Enabled) return this;
        if (Interval < TimeSpan.FromMilliseconds(100))
            throw new ArgumentException($"buffer interval must be at least 100ms, got {Interval}");
        if (Length < Interval)
            throw new ArgumentException($"buffer length ({Length}) must be at least one interval ({Interval})");
        return this;
    }
}

namespace Scout.Agent.Reporting;

/// <summary>The agent's minute reports (scout.agent.report in hocon/agent.hocon).</summary>
/// <param name="Enabled">Off: no reporter, no spool (embedding hosts opt in; the agent program turns it on).</param>
/// <param name="Interval">Length of a report's window; 1 minute in production, down to 1 s for tests.</param>
/// <param name="SpoolPath">Folder of reports not yet acknowledged by the server.</param>
/// <param name="SpoolMaxAge">How much reporting the spool keeps while the server is unreachable; beyond it the oldest go.</param>
/// <param name="RetryDelay">Wait before sending again after a send failed (server down, database locked).</param>
public sealed record ReportSettings(bool Enabled, TimeSpan Interval, string SpoolPath, TimeSpan SpoolMaxAge, TimeSpan RetryDelay)
{
    public static readonly ReportSettings Disabled = new(false, TimeSpan.FromMinutes(1), "", TimeSpan.FromDays(7), TimeSpan.FromSeconds(5));

    /// <summary>Default folder of the agent program's spool: per user, outside the binary's folder.</summary>
    public static string DefaultSpoolPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "scout-agent", "spool");

    /// <summary>The default folder of one hostname's spool; the name is reduced to safe characters, never a path.</summary>
    public static string DefaultSpoolPathFor(string hostname)
    {
        var safe = new string(hostname.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(DefaultSpoolPath, safe.Length == 0 ? "_" : safe);
    }

    /// <summary>Reports the spool holds at most: its age bound in intervals.</summary>
    public int SpoolCapacity => (int)Math.Max(1, Math.Min(int.MaxValue, SpoolMaxAge / Interval));

    public ReportSettings Validate()
    {
        if (!Enabled) return this;
        if (Interval < TimeSpan.FromSeconds(1))
            throw new ArgumentException($"report interval must be at least 1s, got {Interval}");
        if (string.IsNullOrWhiteSpace(SpoolPath))
            throw new ArgumentException("report spool path is empty");
        if (SpoolMaxAge < Interval)
            throw new ArgumentException($"report spool max-age ({SpoolMaxAge}) must be at least one interval ({Interval})");
        if (RetryDelay <= TimeSpan.Zero)
            throw new ArgumentException($"report retry-delay must be positive, got {RetryDelay}");
        return this;
    }
}

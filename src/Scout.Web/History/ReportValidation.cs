using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;

namespace Scout.Web.History;

/// <summary>
/// What the server accepts as a report. Every refusal has a reason the agent logs; a refused report is
/// dropped by the agent, so only what no retry could fix is refused here (not a busy database).
/// </summary>
public static class ReportValidation
{
    public const int MaxIdLength = 64;
    public const int MaxCores = 1024;
    public const int MaxFilesystems = 256;
    /// <summary>An agent's report keeps 40 (MinuteReportBounds); agents before it sent their sample's list, up to twice their top 40 (by CPU and by memory).</summary>
    public const int MaxProcesses = 100;
    public const long MinIntervalMs = 1000;
    public const long MaxIntervalMs = 60 * 60 * 1000;

    /// <summary>The <c>reason</c> label of <c>scout_minute_reports_rejected_total</c> for a reason <see cref="Check"/>
    /// gave: a fixed word, since the reasons carry numbers.</summary>
    public static string Label(string reason) => reason switch
    {
        "empty report" => "empty",
        _ when reason.StartsWith("report id", StringComparison.Ordinal) => "bad_id",
        _ when reason.StartsWith("report names another server", StringComparison.Ordinal) => "wrong_server",
        _ when reason.StartsWith("clock skew", StringComparison.Ordinal) => "future_time",
        _ when reason.StartsWith("report is older", StringComparison.Ordinal) => "too_old",
        _ when reason.StartsWith("report window", StringComparison.Ordinal) => "bad_window",
        _ when reason.StartsWith("interval", StringComparison.Ordinal) => "bad_interval",
        "report holds no readings" => "no_readings",
        _ when reason.StartsWith("memory and load", StringComparison.Ordinal) => "missing_figures",
        _ when reason.StartsWith("oversize", StringComparison.Ordinal) => "oversized",
        _ when reason.StartsWith("figures must be finite", StringComparison.Ordinal) => "not_finite",
        _ when reason.StartsWith(SampleBounds.ImpossibleValue, StringComparison.Ordinal) => "impossible_value",
        _ => "other",
    };

    /// <returns>Null when the report may be stored, otherwise the reason it is rejected.</returns>
    public static string? Check(MinuteReport? report, string connectionServerId, DateTimeOffset now, HistorySettings settings)
    {
        if (report is null) return "empty report";
        if (string.IsNullOrEmpty(report.ReportId) || report.ReportId.Length > MaxIdLength || !report.ReportId.All(char.IsAsciiLetterOrDigit))
            return $"report id must be 1-{MaxIdLength} letters or digits";
        if (!string.IsNullOrEmpty(report.ServerId) && report.ServerId != connectionServerId)
            return "report names another server than this connection's";
        var nowMs = now.ToUnixTimeMilliseconds();
        if (report.Time > nowMs + (long)settings.MaxFutureSkew.TotalMilliseconds)
            return $"clock skew: report time is {TimeSpan.FromMilliseconds(report.Time - nowMs):g} ahead of the server (limit {settings.MaxFutureSkew:g})";
        if (report.Time < nowMs - (long)settings.Retention.TotalMilliseconds)
            return $"report is older than the retention ({settings.Retention:g}); clock skew or a very old spool";
        if (report.From > report.Time) return "report window starts after it ends";
        if (report.IntervalMs is < MinIntervalMs or > MaxIntervalMs) return $"interval must be {MinIntervalMs}-{MaxIntervalMs} ms";
        if (report.Samples < 1) return "report holds no readings";
        if (report.MemoryUsed is null || report.MemoryAvailable is null || report.SwapUsed is null
            || report.LoadOne is null || report.LoadFive is null || report.LoadFifteen is null)
            return "memory and load figures are required";
        if ((report.CpuCores?.Count ?? 0) > MaxCores || (report.Filesystems?.Count ?? 0) > MaxFilesystems || (report.Processes?.Count ?? 0) > MaxProcesses)
            return $"oversize report (at most {MaxCores} cores, {MaxFilesystems} filesystems, {MaxProcesses} processes)";
        Stat?[] stats = [report.CpuTotal, report.MemoryUsed, report.MemoryAvailable, report.SwapUsed, report.LoadOne, report.LoadFive,
            report.LoadFifteen, report.DiskRead, report.DiskWrite, report.NetRx, report.NetTx,
            report.CpuUser, report.CpuSystem, report.CpuIoWait, report.MemoryCached];
        if (stats.Any(s => s is not null && (!double.IsFinite(s.Avg) || !double.IsFinite(s.Max))))
            return "figures must be finite numbers";
        return Impossible(report);
    }

    /// <summary>Longest text of a report (a core's, mount's, process's name, user, state or command line).</summary>
    public const int MaxTextLength = 1024;

    /// <summary>Figures no machine can have (the samples' rules, <see cref="SampleBounds"/>), or text of no real agent.</summary>
    private static string? Impossible(MinuteReport r)
    {
        Stat?[] shares = [r.CpuTotal, r.CpuUser, r.CpuSystem, r.CpuIoWait];
        if (shares.Any(s => s is not null && !(SampleBounds.Percent(s.Avg) && SampleBounds.Percent(s.Max))))
            return "impossible value: cpu share outside 0-100";
        foreach (var core in r.CpuCores ?? [])
            // A nameless core would fail its row's NOT NULL in the batch's one transaction, and with it the other agents' reports.
            if (core is null || string.IsNullOrEmpty(core.Name) || !SampleBounds.Percent(core.Avg) || !SampleBounds.Percent(core.Max) || TooLong(core.Name))
                return "impossible value: core share outside 0-100, or a missing or overlong core";
        Stat?[] amounts = [r.MemoryUsed, r.MemoryAvailable, r.SwapUsed, r.MemoryCached, r.LoadOne, r.LoadFive, r.LoadFifteen,
            r.DiskRead, r.DiskWrite, r.NetRx, r.NetTx];
        if (amounts.Any(s => s is not null && !(SampleBounds.NonNegative(s.Avg) && SampleBounds.NonNegative(s.Max))))
            return "impossible value: negative memory, load or rate";
        foreach (var fs in r.Filesystems ?? [])
            if (fs is null || fs.Size < 0 || fs.UsedMax < 0 || fs.UsedMax > fs.Size || !(SampleBounds.NonNegative(fs.UsedAvg) && fs.UsedAvg <= fs.Size)
                || TooLong(fs.Mount) || TooLong(fs.Type))
                return "impossible value: filesystem used outside 0-size, or a missing or overlong filesystem";
        var maxProcessCpu = SampleBounds.MaxProcessCpu(r.CpuCores?.Count ?? 0);
        foreach (var p in r.Processes ?? [])
            if (p is null || !SampleBounds.ProcessOk(p, maxProcessCpu) || TooLong(p.Name) || TooLong(p.Command) || TooLong(p.User) || TooLong(p.State))
                return "impossible value: process pid, memory, threads or cpu share out of range, or a missing or overlong process";
        return null;
    }

    private static bool TooLong(string? text) => text is { Length: > MaxTextLength };
}

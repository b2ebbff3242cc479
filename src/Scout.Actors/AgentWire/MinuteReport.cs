
namespace Scout.Actors.AgentWire;

// The agent's once-a-minute report, sent over the agent hub (JSON, camelCase) and stored by the server.
// Every figure is summarised over the report's window as average and maximum; docs/history.md lists them.

/// <summary>Average and maximum of one figure over the window.</summary>
public sealed record Stat(double Avg, double Max);

/// <summary>A figure of one named thing (a CPU core).</summary>
public sealed record NamedStat(string Name, double Avg, double Max);

/// <summary>One filesystem over the window, bytes. <c>Type</c> came later: null in an older agent's report.</summary>
public sealed record FilesystemUse(string Mount, long Size, double UsedAvg, long UsedMax, string? Type = null);

/// <summary>One window of an agent's readings.</summary>
/// <param name="ReportId">Unique per agent: window end in hex + random, so ids sort by time.</param>
/// <param name="ServerId">Stamped by the agent's link when sending; the server checks it is the connection's.</param>
/// <param name="Time">Agent's clock at the end of the window, Unix ms.</param>
/// <param name="From">Agent's clock at the start of the window, Unix ms.</param>
/// <param name="IntervalMs">The agent's report interval (the server's offline rule counts in these).</param>
/// <param name="Samples">How many 1-second readings the window holds.</param>
/// <param name="CpuTotal">Busy percent of all cores; null when no reading had a CPU figure yet.</param>
/// <param name="DiskRead">Bytes/s summed over devices; null without a rate in the window. Same for the other rates.</param>
/// <param name="Processes">Snapshot at the end of the window: the last reading's busiest processes by CPU (at most
/// <see cref="MinuteReportBounds.Processes"/>, commands cut to <see cref="MinuteReportBounds.CommandLength"/>).</param>
/// <param name="CpuUser">Shares of all cores (user, system, io wait) and page cache, like <paramref name="CpuTotal"/>; they came
/// after the first release, so they are last and optional: an older agent's report leaves them out and reads as null.</param>
public sealed record MinuteReport(
    string ReportId,
    string ServerId,
    long Time,
    long From,
    long IntervalMs,
    int Samples,
    Stat? CpuTotal,
    IReadOnlyList<NamedStat> CpuCores,
    Stat MemoryUsed,
    Stat MemoryAvailable,
    Stat SwapUsed,
    Stat LoadOne,
    Stat LoadFive,
    Stat LoadFifteen,
    Stat? DiskRead,
    Stat? DiskWrite,
    Stat? NetRx,
    Stat? NetTx,
    IReadOnlyList<FilesystemUse> Filesystems,
    IReadOnlyList<ProcessStats> Processes,
    Stat? CpuUser = null,
    Stat? CpuSystem = null,
    Stat? CpuIoWait = null,
    Stat? MemoryCached = null);

/// <summary>
/// How much of a reading the agent puts into a report, so a report stays a few KB whatever the machine runs: the
/// node refuses more (its own, wider bounds accept older agents, which listed up to 100 processes).
/// </summary>
public static class MinuteReportBounds
{
    /// <summary>The busiest processes by CPU a report keeps (the live table shows the same 40).</summary>
    public const int Processes = 40;

    /// <summary>Characters of a process's command line a report keeps; a longer one ends in "…".</summary>
    public const int CommandLength = 256;
}

/// <summary>The server's answer to a report. Only <see cref="Stored"/> and <see cref="Duplicate"/> mean it is durable.</summary>
/// <param name="Status">"stored", "duplicate" (already stored, no second row) or "rejected" (never will be: drop it).</param>
/// <param name="Reason">Why it was rejected; null otherwise.</param>
public sealed record ReportAck(string ReportId, string Status, string? Reason)
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    public bool IsDurable => Status is Stored or Duplicate;
}


namespace Scout.Actors.AgentWire;

// The agent's once-a-minute report, sent over the agent hub (JSON, camelCase) and stored by the server.
// Every figure is summarised over the report's window as average and maximum; docs/history.md lists them.

/// <summary>Average and maximum of one figure over the window.</summary>
public sealed record Stat(double Avg, double Max);

/// <summary>A figure of one named thing (a CPU core).</summary>
public sealed record NamedStat(string Name, double Avg, double Max);

/// <summary>One filesystem over the window, bytes.</summary>
public sealed record FilesystemUse(string Mount, long Size, double UsedAvg, long UsedMax);

/// <summary>One window of an agent's readings.</summary>
/// <param name="ReportId">Unique per agent: window end in hex + random, so ids sort by time.</param>
/// <param name="ServerId">Stamped by the agent's link when sending; the server checks it is the connection's.</param>
/// <param name="Time">Agent's clock at the end of the window, Unix ms.</param>
/// <param name="From">Agent's clock at the start of the window, Unix ms.</param>
/// <param name="IntervalMs">The agent's report interval (the server's offline rule counts in these).</param>
/// <param name="Samples">How many 1-second readings the window holds.</param>
/// <param name="CpuTotal">Busy percent of all cores; null when no reading had a CPU figure yet.</param>
/// <param name="DiskRead">Bytes/s summed over devices; null without a rate in the window. Same for the other rates.</param>
/// <param name="Processes">Snapshot at the end of the window (the last reading's process list).</param>
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
    IReadOnlyList<ProcessStats> Processes);

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

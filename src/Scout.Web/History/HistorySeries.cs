using Scout.Actors.AgentWire;

namespace Scout.Web.History;

/// <summary>One chartable series: its name in the API, its columns in the reports table, its figure in a report.</summary>
public sealed record HistorySeries(string Name, string Column, Func<MinuteReport, Stat?> Of)
{
    /// <summary>Every series, in the API's order (docs/history.md).</summary>
    public static readonly IReadOnlyList<HistorySeries> All =
    [
        new("cpu.total", "cpu", r => r.CpuTotal),
        new("memory.used", "mem_used", r => r.MemoryUsed),
        new("memory.available", "mem_avail", r => r.MemoryAvailable),
        new("swap.used", "swap_used", r => r.SwapUsed),
        new("load.one", "load1", r => r.LoadOne),
        new("load.five", "load5", r => r.LoadFive),
        new("load.fifteen", "load15", r => r.LoadFifteen),
        new("net.rx", "net_rx", r => r.NetRx),
        new("net.tx", "net_tx", r => r.NetTx),
        new("disk.read", "disk_read", r => r.DiskRead),
        new("disk.write", "disk_write", r => r.DiskWrite),
        // Migration 6: reports stored before it have none of these (their points are left out).
        new("cpu.user", "cpu_user", r => r.CpuUser),
        new("cpu.system", "cpu_system", r => r.CpuSystem),
        new("cpu.iowait", "cpu_iowait", r => r.CpuIoWait),
        new("memory.cached", "mem_cached", r => r.MemoryCached),
    ];

    public static HistorySeries? Named(string name) => All.FirstOrDefault(s => s.Name == name);
}

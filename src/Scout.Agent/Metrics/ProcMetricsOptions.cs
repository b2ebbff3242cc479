namespace Scout.Agent.Metrics;

/// <summary>Where and how <see cref="ProcMetricsSource"/> reads.</summary>
/// <param name="Root">Directory that holds proc/ and etc/passwd: "/" on a machine, a fixture tree in tests.</param>
/// <param name="TopProcesses">How many processes by CPU and by memory (merged) a sample lists.</param>
/// <param name="ClockTicksPerSecond">USER_HZ of /proc/[pid]/stat times; null asks the kernel (sysconf).</param>
/// <param name="PageSize">Bytes per page for RSS; null uses this machine's page size.</param>
/// <param name="CommandLines">How much of a process's command line leaves the machine (secrets hidden by default).</param>
public sealed record ProcMetricsOptions(
    string Root = "/",
    int TopProcesses = ProcMetricsOptions.DefaultTopProcesses,
    long? ClockTicksPerSecond = null,
    long? PageSize = null,
    CommandLineMode CommandLines = CommandLineMode.Redacted)
{
    public const int DefaultTopProcesses = 40;

    /// <summary>
    /// The most top-processes may be: a sample lists up to twice as many rows (by CPU and by memory), and a
    /// sample must stay under the node's 64 KB limit even with long command lines.
    /// </summary>
    public const int MaxTopProcesses = 50;
}

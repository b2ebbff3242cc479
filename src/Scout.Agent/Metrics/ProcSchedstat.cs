namespace Scout.Agent.Metrics;

/// <summary>
/// /proc/[pid]/schedstat: "on-CPU ns, run-queue wait ns, timeslices". The kernel formats three numbers
/// instead of the fifty of /proc/[pid]/stat, which made it ~5x cheaper to read (docs/benchmarks.md).
/// It describes the process's main thread only, so it stands for the whole process only while the
/// process has one thread; <see cref="ProcessReader"/> uses it only then.
/// </summary>
public static class ProcSchedstat
{
    /// <summary>
    /// The on-CPU time of the main thread in nanoseconds. False when the text is not three counters, or
    /// when it is "0 0 0": kernels with scheduler statistics built in but switched off write that for
    /// every task, so it cannot be told from a task that never ran and is not usable as a CPU figure.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ulong runtimeNs)
    {
        runtimeNs = 0;
        var rest = text;
        if (!ProcText.TryParseCounter(ProcText.NextField(ref rest), out var runtime)
            || !ProcText.TryParseCounter(ProcText.NextField(ref rest), out _)
            || !ProcText.TryParseCounter(ProcText.NextField(ref rest), out var timeslices))
        {
            return false;
        }
        if (runtime == 0 && timeslices == 0)
        {
            return false;
        }
        runtimeNs = runtime;
        return true;
    }
}

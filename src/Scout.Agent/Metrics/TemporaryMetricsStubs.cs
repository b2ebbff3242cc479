using Scout.Actors.Metrics;

// replaced by the metrics branch: the real ProcMetricsSource and SampleCommand live there.
// Only here so the agent branch compiles on its own; delete at merge.

namespace Scout.Agent.Metrics;

public sealed class ProcMetricsSource : IMetricsSource
{
    public MetricsSample Read() => throw new NotImplementedException("replaced by the metrics branch");
}

public static class SampleCommand
{
    public static Task<int> RunAsync(TextWriter output, bool json, CancellationToken cancellationToken) =>
        throw new NotImplementedException("replaced by the metrics branch");
}

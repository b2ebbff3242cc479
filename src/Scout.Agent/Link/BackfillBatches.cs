using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;

namespace Scout.Agent.Link;

/// <summary>
/// Cuts a backfill into hub messages: at most <c>maxCount</c> samples and about <see cref="MaxBytes"/>
/// each, so a host with large samples (many cores, mounts or interfaces) stays under the hub's
/// message limit instead of having its connection closed at every stream start.
/// </summary>
public static class BackfillBatches
{
    /// <summary>Well under the agent hub's 128 KB limit, leaving room for the estimate's error.</summary>
    public const int MaxBytes = 96 * 1024;

    public static IReadOnlyList<MetricsSample[]> Split(IReadOnlyList<MetricsSample> samples, int maxCount)
    {
        var batches = new List<MetricsSample[]>();
        var current = new List<MetricsSample>();
        var bytes = 0;
        foreach (var sample in samples)
        {
            var size = SampleLimits.EstimateBytes(sample);
            if (current.Count > 0 && (current.Count == maxCount || bytes + size > MaxBytes))
            {
                batches.Add([.. current]);
                current.Clear();
                bytes = 0;
            }
            current.Add(sample);
            bytes += size;
        }
        if (current.Count > 0)
            batches.Add([.. current]);
        return batches;
    }
}

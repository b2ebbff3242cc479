using Scout.Actors.AgentWire;

namespace Scout.Agent.Metrics;

/// <summary>
/// Takes one reading of the machine. Implementations keep the previous counters so rates are real;
/// they must be safe to call from more than one actor, because the streamer and the local buffer
/// share one reader (one reading a second, not two).
/// </summary>
public interface IMetricsSource
{
    MetricsSample Read();
}

using System.Text.Json.Serialization;

namespace Scout.Actors.AgentWire;

/// <summary>
/// Compile-time JSON metadata for everything that crosses the agent hub or the agent's disk (samples,
/// backfill slices, directives, minute reports and their acks). The natively compiled agent has no
/// reflection-based serializer, so these types must be known here; in JIT processes the same metadata is
/// used first and reflection stays behind it for every other type. Names come from the options it is used
/// with (<see cref="MetricsJson"/>, SignalR's payload options), so the JSON is the same either way.
/// </summary>
[JsonSerializable(typeof(MetricsSample))]
[JsonSerializable(typeof(MetricsSample[]))]
[JsonSerializable(typeof(AgentDirectives.Welcome))]
[JsonSerializable(typeof(AgentDirectives.StartStreaming))]
[JsonSerializable(typeof(AgentDirectives.StopStreaming))]
[JsonSerializable(typeof(AgentDirectives.Refused))]
[JsonSerializable(typeof(MinuteReport))]
[JsonSerializable(typeof(ReportAck))]
public sealed partial class WireJsonContext : JsonSerializerContext;

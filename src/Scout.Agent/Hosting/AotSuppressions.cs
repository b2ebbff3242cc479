using System.Diagnostics.CodeAnalysis;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

// `scout-agent sample --json` serializes a MetricsSample through MetricsJson.Indented, whose resolver is
// the compile-time WireJsonContext when the agent is natively compiled (docs/agent.md), so the reflection
// the analyzers warn about is never used there (the published agent's `sample --json` is checked by hand).
// Kept here rather than in Metrics/SampleCommand.cs, which another change owns; delete this file once that
// call passes MetricsJson.Indented.GetTypeInfo(typeof(MetricsSample)). Two targets: the compiler's
// analyzer reports the method, the native compiler its async state machine.
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "~T:Scout.Agent.Metrics.SampleCommand",
    Justification = "MetricsJson.Indented resolves MetricsSample from WireJsonContext")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "type", Target = "~T:Scout.Agent.Metrics.SampleCommand",
    Justification = "MetricsJson.Indented resolves MetricsSample from WireJsonContext")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Scout.Agent.Metrics.SampleCommand.<RunAsync>d__1",
    Justification = "MetricsJson.Indented resolves MetricsSample from WireJsonContext")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "type", Target = "T:Scout.Agent.Metrics.SampleCommand.<RunAsync>d__1",
    Justification = "MetricsJson.Indented resolves MetricsSample from WireJsonContext")]

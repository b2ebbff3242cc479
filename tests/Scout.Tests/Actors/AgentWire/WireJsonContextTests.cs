using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scout.Actors.AgentWire;
using Scout.Agent.Reporting;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.AgentWire;

/// <summary>
/// The natively compiled agent serializes only through WireJsonContext (no reflection there), while the
/// node reads with reflection: both must write the same JSON, and every hub payload type must be in it.
/// </summary>
public sealed class WireJsonContextTests
{
    // The shared options' names, without the compile-time metadata: what reflection alone writes.
    private static readonly JsonSerializerOptions ReflectionOnly = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    // SignalR's payload options as the agent's link configures them under native AOT: the context, nothing behind it.
    private static readonly JsonSerializerOptions ContextOnly = new(JsonSerializerDefaults.Web) { TypeInfoResolver = WireJsonContext.Default };

    private static MinuteReport Report() =>
        ReportBuilder.Build(ReportBuilder.NewId(2_000), 1_000, 2_000, 1000, [Samples.At("srv-1", 1_500), Samples.At("srv-1", 2_000)])!;

    [Fact]
    public void A_sample_is_written_as_reflection_writes_it()
    {
        var sample = Samples.At("srv-1", 1_795_000_000_000);

        Assert.Equal(JsonSerializer.Serialize(sample, ReflectionOnly), JsonSerializer.Serialize(sample, ContextOnly.GetTypeInfo(typeof(MetricsSample))));
    }

    [Fact]
    public void A_minute_report_and_a_backfill_slice_are_written_as_reflection_writes_them()
    {
        var report = Report();
        MetricsSample[] slice = [Samples.At("srv-1", 1_000), Samples.At("srv-1", 2_000)];

        Assert.Equal(JsonSerializer.Serialize(report, ReflectionOnly), JsonSerializer.Serialize(report, ContextOnly.GetTypeInfo(typeof(MinuteReport))));
        Assert.Equal(JsonSerializer.Serialize(slice, ReflectionOnly), JsonSerializer.Serialize(slice, ContextOnly.GetTypeInfo(typeof(MetricsSample[]))));
    }

    [Fact]
    public void Directives_from_the_server_are_read_without_reflection()
    {
        var start = (AgentDirectives.StartStreaming?)JsonSerializer.Deserialize(
            """{"intervalMs":1000,"leaseMs":30000,"sendBackfill":true}""", ContextOnly.GetTypeInfo(typeof(AgentDirectives.StartStreaming)));
        var welcome = (AgentDirectives.Welcome?)JsonSerializer.Deserialize(
            """{"serverId":"s1","accountId":"a1","hostname":"box"}""", ContextOnly.GetTypeInfo(typeof(AgentDirectives.Welcome)));
        var ack = (ReportAck?)JsonSerializer.Deserialize(
            """{"reportId":"r1","status":"stored","reason":null}""", ContextOnly.GetTypeInfo(typeof(ReportAck)));

        Assert.Equal(new AgentDirectives.StartStreaming(1000, 30000, true), start);
        Assert.Equal(new AgentDirectives.Welcome("s1", "a1", "box"), welcome);
        Assert.True(ack!.IsDurable);
    }

    [Theory]
    [InlineData(typeof(MetricsSample))]
    [InlineData(typeof(MetricsSample[]))]
    [InlineData(typeof(AgentDirectives.Welcome))]
    [InlineData(typeof(AgentDirectives.StartStreaming))]
    [InlineData(typeof(AgentDirectives.StopStreaming))]
    [InlineData(typeof(AgentDirectives.Refused))]
    [InlineData(typeof(MinuteReport))]
    [InlineData(typeof(ReportAck))]
    public void Every_agent_hub_payload_type_has_compile_time_metadata(Type type)
    {
        Assert.NotNull(WireJsonContext.Default.GetTypeInfo(type));
    }
}

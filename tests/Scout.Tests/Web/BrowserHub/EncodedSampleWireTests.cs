using System.Buffers;
using Microsoft.AspNetCore.SignalR.Protocol;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Tests.Support;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>
/// Browsers (the UI and its tests) read samples as SignalR's JSON protocol wrote <see cref="MetricsSample"/>
/// objects; sending the encoded bytes instead must not change one byte of what they receive.
/// </summary>
public sealed class EncodedSampleWireTests
{
    private static readonly JsonHubProtocol Protocol = new(); // the hub's protocol, default options as the node uses

    private static string Wire(HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Protocol.WriteMessage(message, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Strings that JSON encoders treat differently: HTML-sensitive characters, quotes, non-ASCII, control characters.
    private static MetricsSample Awkward(long time) => Samples.At("srv-1", time) with
    {
        Processes = [new ProcessStats(42, "app<1>", "/opt/app --name=\"x&y\" 'z' café 日本 \t+", "rené", "R", 12.5, 1 << 20, 3)],
        IntervalMs = 999,
    };

    [Fact]
    public void A_sample_sent_encoded_is_the_same_message_as_the_sample_object()
    {
        var sample = Awkward(1_795_000_000_123);

        var asObject = Wire(new InvocationMessage(MetricsHub.ClientMethods.Sample, [sample]));
        var encoded = Wire(new InvocationMessage(MetricsHub.ClientMethods.Sample, [Samples.Encode(sample)]));

        Assert.Equal(asObject, encoded);
    }

    [Fact]
    public void The_backfill_message_is_the_same_as_with_sample_objects()
    {
        var samples = new[] { Awkward(1_795_000_000_000) };

        var asObjects = Wire(new InvocationMessage(MetricsHub.ClientMethods.Backfill, ["srv-1", samples]));
        var encoded = Wire(new InvocationMessage(MetricsHub.ClientMethods.Backfill,
            ["srv-1", (IReadOnlyList<EncodedSample>)[.. samples.Select(Samples.Encode)]]));

        Assert.Equal(asObjects, encoded);
    }
}

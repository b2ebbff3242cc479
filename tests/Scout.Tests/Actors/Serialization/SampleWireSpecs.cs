using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Scout.Actors.AccountSessions;
using Scout.Actors.SampleIntake;
using Scout.Actors.Serialization;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.Serialization;

/// <summary>The frame live samples cross nodes in: the JSON bytes pass unparsed, the hop stamps with them, and a
/// frame that is not one well-formed sample is refused before it reaches a session or a browser.</summary>
public sealed class SampleWireSpecs
{
    private static EncodedSample Encoded() => Samples.Encode(Samples.At("srv-1", 1_700_000_000_000));

    [Fact]
    public void A_delivered_sample_keeps_its_bytes_and_both_hop_stamps()
    {
        var sample = Encoded();

        var back = SampleWire.ReadDeliverSample(SampleWire.Write(new SessionProtocol.DeliverSample("srv-1", sample, 1234.5)));

        Assert.Equal(("srv-1", 1234.5), (back.ServerId, back.SentAt));
        Assert.Equal((sample.ServerId, sample.Time, sample.ProxiedAt), (back.Sample.ServerId, back.Sample.Time, back.Sample.ProxiedAt));
        Assert.Equal(sample.Json.ToArray(), back.Sample.Json.ToArray());
        Assert.True(sample.ProxiedAt > 0, "the proxy's encoding stamps the time");
    }

    [Fact]
    public void An_arrived_sample_keeps_its_account()
    {
        var back = SampleWire.ReadSampleArrived(SampleWire.Write(new SessionProtocol.SampleArrived("acc-ü", "srv-1", Encoded())));

        Assert.Equal(("acc-ü", "srv-1"), (back.AccountId, back.ServerId));
    }

    [Theory]
    [InlineData("{\"time\":1")]          // cut inside the object
    [InlineData("[1,2]")]                // not an object
    [InlineData("{\"a\":1} {\"b\":2}")] // two values
    public void A_frame_whose_sample_is_not_one_json_object_is_refused(string json)
    {
        var frame = SampleWire.Write(new SessionProtocol.DeliverSample("srv-1", Encoded(), 1));
        var forged = WithJson(frame, Encoding.UTF8.GetBytes(json));

        Assert.ThrowsAny<JsonException>(() => SampleWire.ReadDeliverSample(forged));
    }

    [Fact]
    public void A_frame_cut_short_is_refused()
    {
        var frame = SampleWire.Write(new SessionProtocol.DeliverSample("srv-1", Encoded(), 1));

        Assert.Throws<SerializationException>(() => SampleWire.ReadDeliverSample(frame[..^10]));
    }

    /// <summary>The frame with its trailing JSON replaced (the length before it rewritten to match).</summary>
    private static byte[] WithJson(byte[] frame, byte[] json)
    {
        var original = Encoded().Json.Length;
        var head = frame[..^original];
        BitConverter.TryWriteBytes(head.AsSpan(head.Length - 4), json.Length);
        return [.. head, .. json];
    }
}

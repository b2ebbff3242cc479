using Akka.Actor;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentProxies;
using Scout.Actors.Bridge;
using Scout.Actors.Serialization;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Actors.Serialization;

public sealed class ScoutSerializerSpecs(ITestOutputHelper output) : ScoutTestKit(output)
{
    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ScoutSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return (T)Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    [Fact]
    public void A_sample_inside_a_message_survives_the_wire_unchanged()
    {
        var sample = Samples.At("srv-1", 1_700_000_000_000);

        var encoded = Samples.Encode(sample);

        var back = RoundTrip(new SessionProtocol.SampleArrived("acc", "srv-1", encoded));

        Assert.Equal((sample.ServerId, sample.Time), (back.Sample.ServerId, back.Sample.Time));
        Assert.Equal(encoded.Json.ToArray(), back.Sample.Json.ToArray());
        var decoded = back.Sample.Decode();
        Assert.Equal(sample.Cpu.Total, decoded.Cpu.Total);
        Assert.Equal(sample.Processes.Single(), decoded.Processes.Single());
        Assert.Equal(sample.Memory, decoded.Memory);
    }

    [Fact]
    public void An_actor_ref_inside_a_message_resolves_to_the_same_actor()
    {
        var probe = CreateTestProbe();

        var back = RoundTrip(new SessionProtocol.Watch("acc", "srv", "conn", probe.Ref));

        Assert.Equal(probe.Ref, back.Subscriber);
        back.Subscriber.Tell("ping");
        probe.ExpectMsg("ping");
    }

    [Fact]
    public void Singletons_come_back_as_the_same_instance()
    {
        Assert.Same(AgentProxyProtocol.ConnectionEnded.Instance, RoundTrip(AgentProxyProtocol.ConnectionEnded.Instance));
        Assert.Same(BridgeProtocol.GetStats.Instance, RoundTrip(BridgeProtocol.GetStats.Instance));
    }

    [Fact]
    public void Every_message_type_of_ours_has_a_manifest()
    {
        var messageTypes = typeof(Scout.Actors.IScoutMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(Scout.Actors.IScoutMessage).IsAssignableFrom(t));

        var missing = messageTypes.Except(ScoutSerializer.KnownTypes).Select(t => t.FullName).ToList();

        Assert.Empty(missing);
    }

    private sealed record NotRegistered(string Text);

    [Fact]
    public void The_actor_system_refuses_a_message_type_with_no_serializer_binding()
    {
        // No System.Object fallback: a type nobody bound cannot be serialized at all, so it can never
        // cross the wire as reflection JSON (nor arrive as one).
        var serialization = Sys.Serialization;

        Assert.ThrowsAny<Exception>(() => serialization.FindSerializerFor(new NotRegistered("x")));
    }

    [Fact]
    public void In_the_tests_an_unregistered_message_never_arrives()
    {
        // serialize-messages = on: the send is refused (and logged), so a test that relies on a message a
        // real node could not send fails instead of passing.
        var probe = CreateTestProbe();

        probe.Ref.Tell(new NotRegistered("x"));
        probe.Ref.Tell(new SessionProtocol.Unwatch("acc", "srv", "conn", probe.Ref));

        probe.ExpectMsg<SessionProtocol.Unwatch>();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_type_without_a_manifest_is_refused_rather_than_sent_as_reflection_json()
    {
        var serializer = new ScoutSerializer((ExtendedActorSystem)Sys);

        Assert.Throws<ArgumentException>(() => serializer.Manifest(new object()));
    }
}

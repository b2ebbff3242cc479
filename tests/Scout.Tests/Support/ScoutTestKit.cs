using Akka.Configuration;
using Scout.Actors;
using Xunit.Abstractions;

namespace Scout.Tests.Support;

/// <summary>
/// TestKit with our serializer bound and strict (hocon/serialization.hocon: no fallback for unregistered
/// types, as on a node) and <c>serialize-messages = on</c>, so a message that could not cross the wire fails the test. Slow machines raise <c>SCOUT_TEST_TIMEFACTOR</c>.
/// </summary>
public abstract class ScoutTestKit(ITestOutputHelper output, string? extraHocon = null)
    : Akka.TestKit.Xunit2.TestKit(BuildConfig(extraHocon), output: output)
{
    public static Config TestConfig => ConfigurationFactory.ParseString($"""
        akka.loglevel = INFO
        akka.actor.serialize-messages = on
        # Passivate goes only from an entity to its local shard; in the session specs a probe stands in for
        # the shard, so serialize-messages meets it.
        akka.actor.serialization-bindings."Akka.Cluster.Sharding.Passivate, Akka.Cluster.Sharding" = json
        akka.test.timefactor = {TimeFactor}
        akka.test.single-expect-default = 5s
        """)
        .WithFallback(ScoutHocon.Load("serialization.hocon"))
        // Akka's own messages (PoisonPill, system messages) get their serializers from Akka.Remote's
        // defaults, as on a real node.
        .WithFallback(ConfigurationFactory.FromResource<Akka.Remote.RemoteSettings>("Akka.Remote.Configuration.Remote.conf"));

    public static double TimeFactor =>
        double.TryParse(Environment.GetEnvironmentVariable("SCOUT_TEST_TIMEFACTOR"), out var f) && f > 0 ? f : 1.0;

    private static Config BuildConfig(string? extra) =>
        extra is null ? TestConfig : ConfigurationFactory.ParseString(extra).WithFallback(TestConfig);
}

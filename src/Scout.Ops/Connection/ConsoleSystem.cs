using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Scout.Actors;

namespace Scout.Ops.Connection;

/// <summary>The console's own small ActorSystem: plain remoting on a free port, strict serialization, silent logs.</summary>
public static class ConsoleSystem
{
    /// <param name="host">The address nodes reach the console at (<see cref="ConsoleHost"/>).</param>
    /// <param name="bindAny">True when <paramref name="host"/> was given by the operator and may not be a local
    /// interface (NAT): listen on every interface and only advertise it.</param>
    public static ActorSystem Create(string host, bool bindAny)
    {
        var bind = bindAny ? "0.0.0.0" : host;
        var publicHost = bindAny ? $"public-hostname = \"{host}\"" : "";
        // run-by-clr-shutdown-hook off: the console decides how long its exit may take (not at all when no node
        // answered), instead of the CLR's process-exit hook running the coordinated shutdown's phases.
        var config = ConfigurationFactory.ParseString($$"""
                akka {
                  loglevel = OFF
                  stdout-loglevel = OFF
                  actor.provider = remote
                  actor.serialization-settings.allow-unregistered-types = false
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                  remote.log-remote-lifecycle-events = off
                  remote.dot-netty.tcp {
                    hostname = "{{bind}}"
                    {{publicHost}}
                    port = 0
                    maximum-frame-size = 4 MiB
                  }
                }
                """)
            .WithFallback(ScoutHocon.Load("serialization.hocon"))
            // A plain remote provider loads neither default: without them ClusterClient's wrapper messages have no
            // serializer binding (and strict serialization refuses them).
            .WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
        return ActorSystem.Create("scout-ops", config);
    }
}

using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.DistributedData;
using Scout.Actors;

namespace Scout.Tests.Ops;

/// <summary>
/// A second cluster member in the test process, over real remoting on loopback: a plain ActorSystem named like the
/// nodes, without a web host (lighter on 2 cores; the cluster commands need a member, not a node's services).
/// <see cref="Crash"/> ends it without leaving, so the others see it unreachable, as after a power cut.
/// </summary>
public sealed class BareMember : IAsyncDisposable
{
    private BareMember(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public Address Address => Cluster.Get(System).SelfAddress;

    /// <summary>HOST:PORT, as an operator types it for --node.</summary>
    public string HostPort => $"{Address.Host}:{Address.Port}";

    /// <param name="ssl">DotNetty's TLS setup (<see cref="Scout.Actors.Remoting.RemoteTls.Setup"/>, or a deliberately
    /// wrong one); null: plain TCP.</param>
    public static BareMember Join(Address seed, Setup? ssl = null)
    {
        var config = ConfigurationFactory.ParseString($$"""
                akka {
                  remote.dot-netty.tcp.enable-ssl = {{(ssl is null ? "off" : "on")}}
                  loglevel = WARNING
                  stdout-loglevel = OFF
                  actor.provider = cluster
                  remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                  # Crash() must not leave the cluster on the way out: only then is the member unreachable.
                  coordinated-shutdown.run-by-actor-system-terminate = off
                  cluster.run-coordinated-shutdown-when-down = off
                }
                """)
            .WithFallback(ScoutHocon.Load("serialization.hocon"))
            // The node's sharding, pub-sub and receptionist gossip to every member: bindings to read it by.
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig())
            .WithFallback(ClusterClientReceptionist.DefaultConfig());
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var system = ActorSystem.Create("scout", ssl is null ? ActorSystemSetup.Create(bootstrap) : bootstrap.And(ssl));
        Cluster.Get(system).Join(seed);
        return new BareMember(system);
    }

    public Task Crash() => System.Terminate();

    /// <summary>Leaves first if still a member, so the node it leaves behind does not wait for it when it shuts down.</summary>
    public async ValueTask DisposeAsync()
    {
        var cluster = Cluster.Get(System);
        if (!System.WhenTerminated.IsCompleted && !cluster.IsTerminated && cluster.SelfMember.Status == MemberStatus.Up)
            await Task.WhenAny(cluster.LeaveAsync(), Task.Delay(TimeSpan.FromSeconds(10)));
        await System.Terminate();
    }
}

using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Scout.Actors;
using Scout.Tests.Support;
using ClusterSettings = Scout.Web.Cluster.ClusterSettings;
using Xunit;

namespace Scout.Tests.Web.Cluster;

/// <summary>
/// The seed-list rule of <see cref="ClusterSettings.Validate"/> with the shipped hocon/server.hocon, over real
/// remoting on loopback: three members that all list every member as a seed. Plain actor systems rather than
/// whole web nodes: formation is Akka's cluster alone, and three web hosts are heavy on 2 cores.
/// </summary>
public sealed class SeedListSpecs : IAsyncLifetime
{
    private readonly int[] _ports = [FreePort(), FreePort(), FreePort()];
    private readonly List<ActorSystem> _systems = [];

    private string[] Seeds => [.. _ports.Select(p => $"akka.tcp://{ClusterSettings.SystemName}@127.0.0.1:{p}")];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task The_first_seed_restarted_while_the_others_run_rejoins_their_cluster_instead_of_forming_its_own()
    {
        Assert.Null(new ClusterSettings { Seeds = Seeds }.Validate());
        var first = Start(0);
        var second = Start(1);
        var third = Start(2);
        await Eventually.Holds(() => Assert.Equal(3, UpMembers(second)), Patience);

        // Gone without leaving, as after kill -9: the others still have it as a member.
        await first.Terminate();
        var restarted = Start(0);

        await Eventually.Holds(() =>
        {
            Assert.Equal(3, UpMembers(restarted));
            Assert.Equal(3, UpMembers(second));
            Assert.Contains(Akka.Cluster.Cluster.Get(second).State.Members, m => m.UniqueAddress.Equals(Akka.Cluster.Cluster.Get(restarted).SelfUniqueAddress));
            Assert.Equal(Akka.Cluster.Cluster.Get(third).State.Leader, Akka.Cluster.Cluster.Get(restarted).State.Leader);
        }, Patience);
    }

    private ActorSystem Start(int index)
    {
        var seeds = string.Join(", ", Seeds.Select(s => $"\"{s}\""));
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              stdout-loglevel = OFF
              remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{_ports[index]}} }
              cluster.seed-nodes = [{{seeds}}]
              # Terminate must not leave the cluster on the way out: the member disappears as after kill -9.
              coordinated-shutdown.run-by-actor-system-terminate = off
              cluster.run-coordinated-shutdown-when-down = off
            }
            """)
            .WithFallback(ScoutHocon.Load("server.hocon"))
            .WithFallback(ScoutHocon.Load("serialization.hocon"));
        var system = ActorSystem.Create(ClusterSettings.SystemName, config);
        _systems.Add(system);
        return system;
    }

    private static int UpMembers(ActorSystem system) =>
        Akka.Cluster.Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
            await system.Terminate();
    }
}

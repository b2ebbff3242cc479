using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Scout.Actors;
using Scout.Actors.Ops;

namespace Scout.Ops;

/// <summary>
/// The console's own small ActorSystem (provider = remote, strict serialization) and a ClusterClient to the
/// receptionist of the given nodes. Replies that do not come within <see cref="AnswerTimeout"/> mean the
/// cluster is unreachable: the console says so in one line instead of hanging.
/// </summary>
public sealed class OpsConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private DateTime? _firstAnswerBy;

    private OpsConnection(ActorSystem system, IActorRef client, IReadOnlyList<string> nodes, DateTime? firstAnswerBy)
    {
        System = system;
        Client = client;
        Nodes = nodes;
        _firstAnswerBy = firstAnswerBy;
    }

    /// <summary>How long the next answer may take before the cluster counts as unreachable: until the first
    /// answer, what is left before the deadline given at open (at least 1 s); after it, the default.</summary>
    public TimeSpan AnswerTimeout
    {
        get
        {
            if (_firstAnswerBy is not { } by)
                return DefaultAnswerTimeout;
            var left = by - DateTime.UtcNow;
            return left < MinimumWait ? MinimumWait : left;
        }
    }

    /// <summary>The cluster answered once: later commands (the prompt) get the default wait.</summary>
    public void Answered() => _firstAnswerBy = null;

    public ActorSystem System { get; }

    public IActorRef Client { get; }

    public IReadOnlyList<string> Nodes { get; }

    public static OpsConnection Open(IReadOnlyList<string> nodes, DateTime? firstAnswerBy = null)
    {
        // TOOLCHAIN trap 4: plain remote provider needs the cluster-tools defaults for ClusterClient's own messages.
        var config = ConfigurationFactory.ParseString("""
                akka {
                  loglevel = OFF
                  stdout-loglevel = OFF
                  actor.provider = remote
                  actor.serialization-settings.allow-unregistered-types = false
                  remote.log-remote-lifecycle-events = off
                  remote.dot-netty.tcp {
                    hostname = 127.0.0.1
                    port = 0
                    maximum-frame-size = 4 MiB
                  }
                  cluster.client.establishing-get-contacts-interval = 1s
                }
                """)
            .WithFallback(ScoutHocon.Load("serialization.hocon"))
            .WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
        var system = ActorSystem.Create("scout-ops", config);
        var contacts = nodes.Select(n => ActorPath.Parse($"akka.tcp://scout@{n}/system/receptionist")).ToImmutableHashSet();
        var client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "client");
        return new OpsConnection(system, client, nodes, firstAnswerBy);
    }

    /// <summary>Null when no node answered in time.</summary>
    public async Task<object?> AskAsync(IScoutMessage request)
    {
        try
        {
            var reply = await Client.Ask<object>(new ClusterClient.Send(OpsProtocol.ServicePath, request, localAffinity: false), AnswerTimeout);
            Answered();
            return reply;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public void Tell(IScoutMessage message, IActorRef sender) =>
        Client.Tell(new ClusterClient.Send(OpsProtocol.ServicePath, message, localAffinity: false), sender);

    public async ValueTask DisposeAsync()
    {
        // Leave quickly: a console's exit must not wait on remoting's graceful shutdown.
        await Task.WhenAny(System.Terminate(), Task.Delay(TimeSpan.FromMilliseconds(500)));
    }
}

using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Scout.Actors;
using Scout.Actors.OpsApi;
using Scout.Actors.Remoting;
using Scout.Ops.Connection;

namespace Scout.Ops;

/// <summary>
/// The console's link to the cluster: its own small ActorSystem and the ClusterClient receptionist of the node named
/// with <c>--node</c>. Requests go to that receptionist as ClusterClient sends to the ops service
/// (<c>/user/ops</c>) with local affinity, so that node's service, and no other, answers; replies come back through
/// the receptionist's response tunnel. (A ClusterClient actor would pick any receptionist and any node's service.) Two waits, so "unreachable" is quick and a slow answer is not mistaken
/// for it: <see cref="ContactWait"/> for a node to be found at all, then <see cref="AnswerWait"/> for each answer.
/// </summary>
public sealed class OpsConnection : IAsyncDisposable
{
    /// <summary>How long the named nodes have to show up. A one-shot command counts it from launch (Program), so
    /// "cluster unreachable" is said about 3 s after starting, well inside the issue's 5 s.</summary>
    public static readonly TimeSpan ContactWait = TimeSpan.FromSeconds(3);

    /// <summary>How long a found node has for each answer: its own asks of other members take up to 2 s, so a
    /// list that names an unanswering member still arrives in time.</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(5);

    /// <summary>How long an exit may wait for remoting to say goodbye to the node (<see cref="DisposeAsync"/>). About
    /// 100 ms on a quiet machine; 3 s was once too short on a CI machine running the whole suite on two cores (the
    /// node then logged the dropped association), so the cap is generous: it is only ever reached when the node
    /// stopped answering mid-way.</summary>
    public static readonly TimeSpan QuietExitWait = TimeSpan.FromSeconds(10);

    private readonly DateTime? _firstContactBy;
    private LocatedService? _service;
    private string _unreachable = "";

    private readonly string _protocol;

    private OpsConnection(ActorSystem system, IReadOnlyList<string> nodes, DateTime? firstContactBy, bool tls)
    {
        System = system;
        _protocol = RemoteTls.Protocol(tls);
        Nodes = nodes;
        _firstContactBy = firstContactBy;
    }

    public ActorSystem System { get; }

    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The <c>--node</c> whose ops service answers; null until one was found.</summary>
    public string? AnsweringNode => _service?.Node;

    /// <summary>Why the last ask got nothing: the one line printed with exit 3.</summary>
    public string UnreachableMessage => _unreachable;

    /// <param name="firstContactBy">When (UTC) the first node must have shown up; Program passes launch + 3 s.
    /// Null: <see cref="ContactWait"/> from the first request.</param>
    /// <param name="host">The console's address as nodes should reach it (<c>--host</c>); null: detected.</param>
    /// <param name="tls">The operator's certificate and the cluster's CA; null or not enabled: plain TCP (loopback only).</param>
    /// <exception cref="RemoteTlsException">No TLS where it is required, or TLS files that do not load.</exception>
    public static OpsConnection Open(IReadOnlyList<string> nodes, DateTime? firstContactBy = null, string? host = null,
        TlsSettings? tls = null)
    {
        tls ??= new TlsSettings();
        var system = ConsoleSystem.Create(host ?? ConsoleHost.RoutingTo(nodes[0]), bindAny: host is not null, tls);
        return new OpsConnection(system, nodes, firstContactBy, tls.Enabled);
    }

    /// <summary>Finds the node to talk to, if not found yet. False (and <see cref="UnreachableMessage"/> set) when
    /// none of the named nodes showed up in time.</summary>
    public async Task<bool> ConnectAsync()
    {
        if (_service is not null)
            return true;
        var by = _firstContactBy is { } first && DateTime.UtcNow < first ? first : DateTime.UtcNow + ContactWait;
        var within = by - DateTime.UtcNow;
        var forms = await Task.WhenAll(Nodes.Select(n => NodeAddressForms.ResolveAsync(n, within)));
        var located = new TaskCompletionSource<LocatedService?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = by - DateTime.UtcNow;
        System.ActorOf(OpsLocator.Props(Nodes, forms, left > TimeSpan.Zero ? left : TimeSpan.Zero, located, _protocol));
        _service = await located.Task;
        if (_service is null)
        {
            // Before the deadline only a refused or failed connection (or a node without an ops service) ends the search.
            var why = DateTime.UtcNow < by ? "the connection failed or no ops service is there" : $"within {ContactWait.TotalSeconds:0.#} s";
            _unreachable = $"cluster unreachable: no answer from {string.Join(", ", Nodes)} ({why})";
        }
        return _service is not null;
    }

    /// <summary>Null when the cluster did not answer: no node showed up, or the one found said nothing within
    /// <see cref="AnswerWait"/> (it is forgotten, so the next command of the prompt looks for a node again).</summary>
    public async Task<object?> AskAsync(IScoutMessage request)
    {
        if (!await ConnectAsync())
            return null;
        var service = _service!;
        try
        {
            return await service.Receptionist.Ask<object>(ToService(request), AnswerWait);
        }
        catch (AskTimeoutException)
        {
            _service = null;
            _unreachable = $"cluster unreachable: {service.Node} stopped answering (nothing within {AnswerWait.TotalSeconds:0.#} s)";
            return null;
        }
    }

    /// <summary>A message to the found node's ops service; dropped when no node was found (the caller asked first).</summary>
    public void Tell(IScoutMessage message, IActorRef sender) => _service?.Receptionist.Tell(ToService(message), sender);

    /// <summary>A request for the receptionist to hand to its own node's ops service.</summary>
    private static Send ToService(IScoutMessage message) => new(OpsProtocol.ServicePath, message, localAffinity: true);

    public async ValueTask DisposeAsync()
    {
        if (_service is null)
        {
            // Nothing was reached, so there is nothing to leave gracefully: exit now (the exit-3 path), and let the
            // process end take the ActorSystem with it.
            _ = System.Terminate();
            return;
        }
        // A node that was reached must see a clean disassociation: remoting's shutdown tells it "shut down", and it
        // forgets the console quietly. Cut short (the process exits right after), the node saw a dropped connection and
        // logged a warning and an error with a stack trace for every console exit. The whole shutdown takes ~100 ms;
        // the cap only bounds a node that stopped answering mid-way.
        await Task.WhenAny(System.Terminate(), Task.Delay(QuietExitWait));
    }
}

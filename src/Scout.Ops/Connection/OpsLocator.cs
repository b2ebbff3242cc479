using Akka.Actor;
using Akka.Remote;
using Scout.Actors.OpsApi;

namespace Scout.Ops.Connection;

/// <summary>The ClusterClient receptionist of the node that answers for the console, and the <c>--node</c> it was named by.</summary>
public sealed record LocatedService(IActorRef Receptionist, string Node);

/// <summary>
/// Finds the ClusterClient receptionist (<see cref="OpsProtocol.ReceptionistPath"/>) of the nodes named with
/// <c>--node</c>, in the order named (<see cref="ContactOrder"/>):
/// an <see cref="Identify"/> goes to every form of every node at once, so a fallback node is ready the moment the
/// ones before it fail. A node fails when it answers that it has no receptionist, when remoting reports that its
/// address refused the association, or at the deadline. Completes <c>located</c> with null when every node failed.
/// (Not a ClusterClient actor: it picks any receptionist among the contacts the first one names, so the node that
/// answers could not be chosen. The receptionist takes the same requests from any sender.)
/// </summary>
public sealed class OpsLocator : ReceiveActor, IWithTimers
{
    private sealed record Deadline;

    private sealed record SendLater(int Form);

    /// <summary>How long a node's resolved addresses have before its name is tried too (an address form answers in
    /// milliseconds when the node advertises it; a node advertising its name drops it without a word).</summary>
    private static readonly TimeSpan NameAfter = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<string> _nodes;
    private readonly List<(int Node, string Form, Address Address)> _forms = [];
    private readonly ContactState[] _nodeStates;
    private readonly IActorRef?[] _services;
    private readonly HashSet<int> _failedForms = [];
    private readonly HashSet<int> _sentForms = [];
    private readonly TaskCompletionSource<LocatedService?> _located;
    private readonly TimeSpan _within;

    /// <param name="protocol">The nodes' address scheme: <c>akka.ssl.tcp</c> when the console has TLS, else <c>akka.tcp</c>.</param>
    public OpsLocator(IReadOnlyList<string> nodes, IReadOnlyList<IReadOnlyList<string>> forms, TimeSpan within,
        TaskCompletionSource<LocatedService?> located, string protocol)
    {
        _nodes = nodes;
        _located = located;
        _nodeStates = new ContactState[nodes.Count];
        _services = new IActorRef?[nodes.Count];
        for (var n = 0; n < forms.Count; n++)
            foreach (var form in forms[n])
                _forms.Add((n, form, Address.Parse($"{protocol}://scout@{form}")));

        Receive<ActorIdentity>(Identified);
        Receive<AssociationErrorEvent>(e =>
        {
            for (var f = 0; f < _forms.Count; f++)
                if (_forms[f].Address.Equals(e.RemoteAddress))
                    FormFailed(f);
            Decide();
        });
        Receive<SendLater>(later => Send(later.Form));
        Receive<Deadline>(_ =>
        {
            for (var n = 0; n < _nodeStates.Length; n++)
                if (_nodeStates[n] == ContactState.Pending)
                    _nodeStates[n] = ContactState.Failed;
            Decide();
        });
        _within = within;
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
        for (var f = 0; f < _forms.Count; f++)
        {
            if (IsNameAfterAddresses(f))
                Timers.StartSingleTimer(f, new SendLater(f), NameAfter);
            else
                Send(f);
        }
        Timers.StartSingleTimer("deadline", new Deadline(), _within);
    }

    /// <summary>A node's name, when the name resolved to addresses that go first (<see cref="NodeAddressForms"/>).</summary>
    private bool IsNameAfterAddresses(int form) =>
        !System.Net.IPAddress.TryParse(_forms[form].Address.Host, out _) &&
        _forms.Any(other => other.Node == _forms[form].Node && System.Net.IPAddress.TryParse(other.Address.Host, out _));

    private void Send(int form)
    {
        if (!_sentForms.Add(form))
            return;
        Context.ActorSelection(_forms[form].Address + OpsProtocol.ReceptionistPath).Tell(new Identify(form.ToString()), Self);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<string> nodes, IReadOnlyList<IReadOnlyList<string>> forms, TimeSpan within,
        TaskCompletionSource<LocatedService?> located, string protocol) =>
        Akka.Actor.Props.Create(() => new OpsLocator(nodes, forms, within, located, protocol));

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _located.TrySetResult(null);
    }

    private void Identified(ActorIdentity identity)
    {
        if (identity.MessageId is not string id || !int.TryParse(id, out var f) || f < 0 || f >= _forms.Count)
            return;
        var node = _forms[f].Node;
        if (identity.Subject is { } service && _nodeStates[node] == ContactState.Pending)
        {
            _services[node] = service;
            _nodeStates[node] = ContactState.Answered;
        }
        else if (identity.Subject is null)
        {
            FormFailed(f);
        }
        Decide();
    }

    /// <summary>A node fails once every form of it failed: one refused form (localhost's ::1) leaves the others.</summary>
    private void FormFailed(int form)
    {
        _failedForms.Add(form);
        var node = _forms[form].Node;
        // Every address of the node failed: its name need not wait any longer.
        var waiting = Enumerable.Range(0, _forms.Count).Where(f => _forms[f].Node == node && !_sentForms.Contains(f)).ToList();
        if (waiting.Count > 0 && Enumerable.Range(0, _forms.Count)
                .Where(f => _forms[f].Node == node && _sentForms.Contains(f)).All(_failedForms.Contains))
            waiting.ForEach(Send);
        if (_nodeStates[node] == ContactState.Pending &&
            Enumerable.Range(0, _forms.Count).Where(f => _forms[f].Node == node).All(_failedForms.Contains))
            _nodeStates[node] = ContactState.Failed;
    }

    private void Decide()
    {
        var chosen = ContactOrder.Choose(_nodeStates, out var allFailed);
        if (chosen is { } n)
            _located.TrySetResult(new LocatedService(_services[n]!, _nodes[n]));
        else if (!allFailed)
            return;
        _located.TrySetResult(null);
        Context.Stop(Self);
    }
}

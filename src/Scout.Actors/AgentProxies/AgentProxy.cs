using Akka.Actor;
using Akka.Event;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentWire;
using Scout.Actors.Observability;
using Scout.Actors.SampleIntake;
using static Scout.Actors.AgentProxies.AgentProxyProtocol;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// The agent's stand-in inside the cluster: one per connected agent, on the node holding its connection.
/// Sessions talk to it as if it were the agent. It relays directives down and checked samples up, and
/// stops when the connection ends, which the session sees through death watch.
/// </summary>
public sealed class AgentProxy : ReceiveActor, IWithTimers
{
    /// <summary>How long a registration may go unanswered before it is sent again.</summary>
    public static readonly TimeSpan RegisterRetry = TimeSpan.FromSeconds(1);

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly AttachAgent _agent;
    private readonly IAgentChannel _channel;
    private readonly IActorRef _sessions;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _connectedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private IActorRef? _session;
    private readonly SampleRateGate _gate = new();
    private int _backfillBudget;
    private long _relayed;
    private long _dropped;
    private readonly HashSet<string> _dropReasonsLogged = [];

    public static Props Props(AttachAgent agent, IAgentChannel channel, IActorRef sessions) =>
        Akka.Actor.Props.Create(() => new AgentProxy(agent, channel, sessions));

    public AgentProxy(AttachAgent agent, IAgentChannel channel, IActorRef sessions)
    {
        _agent = agent;
        _channel = channel;
        _sessions = sessions;

        Receive<AgentDirectives.IAgentDirective>(Relay);
        Receive<SampleFromAgent>(m => RelaySamples([m.Sample], single: true));
        Receive<BackfillFromAgent>(m => RelaySamples(m.Samples, single: false));
        Receive<MalformedFromAgent>(m =>
        {
            NodeMeter.SamplesReceived.Add(m.Count);
            for (var i = 0; i < m.Count; i++)
                Drop(m.Reason);
        });
        Receive<SessionProtocol.AgentRegistered>(_ =>
        {
            Timers.Cancel(nameof(RegisterAgain));
            // The session may move to another node or die with its node: register again when it does.
            _session = Sender;
            Context.Watch(Sender);
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_session))
                return;
            _log.Info("Session of account {0} went away; registering server {1} again", _agent.AccountId, _agent.ServerId);
            _session = null;
            Register();
        });
        Receive<RegisterAgain>(_ =>
        {
            if (_session is null)
                Register();
        });
        Receive<ConnectionEnded>(_ => Context.Stop(Self));
        Receive<GetInfo>(_ => Sender.Tell(new AgentInfo(_agent.AccountId, _agent.ServerId, _agent.Hostname,
            ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(), _connectedAt, _gate.IsOpen, _relayed, _dropped)));
    }

    protected override void PreStart()
    {
        NodeMeter.AgentsConnected.Add(1);
        Register();
    }

    protected override void PostStop() => NodeMeter.AgentsConnected.Add(-1);

    // Until the session answers: a registration sent while a dead node's shards move can go to the old home and
    // be lost (the region may learn of the node's removal after this proxy did), so it is sent again.
    private void Register()
    {
        _sessions.Tell(new SessionProtocol.AgentOnline(_agent.AccountId, _agent.ServerId, _agent.Hostname, Self, _connectedAt));
        Timers.StartSingleTimer(nameof(RegisterAgain), RegisterAgain.Instance, RegisterRetry);
    }

    private sealed class RegisterAgain : INoSerializationVerificationNeeded
    {
        public static readonly RegisterAgain Instance = new();
        private RegisterAgain() { }
    }

    private void Relay(AgentDirectives.IAgentDirective directive)
    {
        switch (directive)
        {
            case AgentDirectives.StartStreaming start:
                _gate.Open(TimeSpan.FromMilliseconds(start.IntervalMs));
                if (start.SendBackfill)
                    _backfillBudget = MaxBackfillSamples;
                break;
            case AgentDirectives.StopStreaming:
                _gate.Close();
                _backfillBudget = 0;
                break;
        }
        var log = _log;
        _channel.Send(_agent.ConnectionId, directive).ContinueWith(
            t => log.Warning("Could not send {0} to agent of server {1}: {2}", directive.GetType().Name, _agent.ServerId,
                t.Exception?.GetBaseException().Message),
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
    }

    private void RelaySamples(IReadOnlyList<EncodedSample> samples, bool single)
    {
        var now = DateTimeOffset.UtcNow;
        NodeMeter.SamplesReceived.Add(samples.Count);
        List<EncodedSample>? accepted = single ? null : new(samples.Count);
        foreach (var sample in samples)
        {
            var problem = single ? Admit() : AdmitBackfill();
            problem ??= SampleLimits.Check(sample, _agent.ServerId, now);
            if (problem is not null)
            {
                Drop(problem);
                continue;
            }
            _relayed++;
            if (single)
            {
                // From the agent's sampling moment (its clock) to here: the agent's send, the network, the hub.
                SampleHops.Record(SampleHops.AgentToProxy, sample.Time);
                Session.Tell(new SessionProtocol.SampleArrived(_agent.AccountId, _agent.ServerId, sample));
            }
            else
                accepted!.Add(sample);
        }
        if (accepted is { Count: > 0 })
            Session.Tell(new SessionProtocol.BackfillArrived(_agent.AccountId, _agent.ServerId, accepted));
    }

    // Samples go straight to the session entity that registered this agent, not through the shard region
    // and shard (two mailboxes fewer per sample). Until it answers, or after it went away, the region
    // finds it; samples sent while it moves are lost, like any sample of a session being rebuilt.
    private IActorRef Session => _session ?? _sessions;

    // Samples come only while a stream was asked for, at the pace asked for; a backfill only once per start.
    private string? Admit() => _gate.IsOpen ? (_gate.TryPass() ? null : "too frequent") : "not streaming";

    private string? AdmitBackfill() => _backfillBudget-- > 0 ? null : "backfill not asked for";

    /// <summary>Five minutes at the shortest interval and a quarter more (1,500 at 250 ms).</summary>
    private const int MaxBackfillSamples = 5 * 60_000 / AgentDirectives.StartStreaming.MinimumIntervalMs * 5 / 4;

    private void Drop(string reason)
    {
        _dropped++;
        NodeMeter.SamplesDropped.Add(1, NodeMeter.Reason(SampleDropReasons.Of(reason)));
        // Logged once per reason and connection, and only so many reasons: a misbehaving agent must not
        // flood the log (nor this set) either.
        if (_dropReasonsLogged.Count > MaxReasonsLogged || !_dropReasonsLogged.Add(reason))
            return;
        if (_dropReasonsLogged.Count > MaxReasonsLogged)
            _log.Warning("Agent of server {0} (account {1}) sent samples bad in {2} ways; further reasons are counted, not logged",
                _agent.ServerId, _agent.AccountId, MaxReasonsLogged);
        else
            _log.Warning("Dropped a sample from the agent of server {0} (account {1}): {2}", _agent.ServerId, _agent.AccountId, reason);
    }

    private const int MaxReasonsLogged = 20;
}

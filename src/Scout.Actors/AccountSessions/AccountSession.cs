using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Scout.Actors.AgentWire;
using Scout.Actors.Observability;
using static Scout.Actors.AccountSessions.SessionProtocol;

namespace Scout.Actors.AccountSessions;

/// <summary>
/// One per account, a Cluster Sharding entity. Knows which of the account's agents are online and who
/// watches which server, and turns that into directives: the first watcher starts a stream, renewals keep
/// it alive, the last watcher leaving (after a grace period) or the maximum length stops it. Each sample
/// goes once to every subscriber (a node's bridge, or the ops console's top) that has watchers of its server.
/// It keeps no samples: a new watcher's chart starts full from the agent's own buffer, which the session asks
/// for and routes to the watchers it was asked for (<see cref="BackfillRecipients"/>).
/// </summary>
public sealed class AccountSession : ReceiveActor, IWithTimers
{
    private readonly string _accountId;
    private readonly SessionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ServerStream> _servers = new();
    private long _droppedSamples;
    private readonly ReportedCount _liveStreams = new(NodeMeter.LiveStreams);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string accountId, SessionSettings settings) =>
        Akka.Actor.Props.Create(() => new AccountSession(accountId, settings));

    public AccountSession(string accountId, SessionSettings settings)
    {
        _accountId = accountId;
        _settings = settings;

        Receive<AgentOnline>(OnAgentOnline);
        Receive<SampleArrived>(OnSample);
        Receive<BackfillArrived>(OnBackfill);
        Receive<Watch>(OnWatch);
        Receive<Unwatch>(m => RemoveWatcher(Stream(m.ServerId), m.Subscriber, m.ConnectionId));
        Receive<Terminated>(OnTerminated);
        Receive<GraceOver>(OnGraceOver);
        Receive<MaxLengthReached>(m => EndStream(m.ServerId, EndReasons.MaxLength));
        Receive<RenewLeases>(_ => RenewAll());
        Receive<BackfillDue>(m =>
        {
            if (_servers.TryGetValue(m.ServerId, out var stream))
                AskForBackfill(stream, stream.Backfill.Due(Now));
        });
        Receive<CheckStalls>(_ => TellStalledStreams());
        Receive<EndStream>(m => Sender.Tell(new EndStreamResult(m.ServerId, EndStream(m.ServerId, m.Reason))));
        Receive<GetOnlineServers>(_ => Sender.Tell(new OnlineServers(_accountId,
            [.. _servers.Values.Where(s => s.Agent is not null).Select(s => s.ServerId)])));
        Receive<GetStreams>(_ => Sender.Tell(Report()));
        Receive<ReceiveTimeout>(_ => PassivateIfIdle());
    }

    protected override void PreStart() => Context.SetReceiveTimeout(_settings.IdlePassivation);

    // Moved, passivated or failed: this node hosts its streams no longer.
    protected override void PostStop() => _liveStreams.Set(0);

    /// <summary>Called wherever a stream's <c>Streaming</c> may have changed.</summary>
    private void CountStreams() => _liveStreams.Set(_servers.Values.Count(s => s.Streaming));

    /// <summary>
    /// A session that failed on a message would come back with empty state under the same actor ref, and its
    /// proxies and subscribers, which re-register only when it stops, would never notice. So it stops: they see it
    /// terminate, register again, and sharding starts a fresh session that hears of everything it must know.
    /// </summary>
    protected override void PostRestart(Exception reason)
    {
        _log.Error(reason, "Session of account {0} failed; stopping it so that agents and watchers register again", _accountId);
        Context.Stop(Self);
    }

    private ServerStream Stream(string serverId)
    {
        if (!_servers.TryGetValue(serverId, out var stream))
            _servers[serverId] = stream = new ServerStream(serverId, _settings.BackfillEvery);
        return stream;
    }

    private void OnAgentOnline(AgentOnline m)
    {
        var stream = Stream(m.ServerId);
        stream.Hostname = m.Hostname;
        var previous = stream.Agent;
        if (m.Proxy.Equals(previous))
        {
            // The proxy's registration retries (AgentProxy.RegisterRetry) queue up in the region while a dead
            // node's shards move; the first one did the work, the rest are only answered.
            m.Proxy.Tell(new AgentRegistered(m.ServerId));
            return;
        }
        if (previous is not null)
        {
            if (m.ConnectedAt < stream.AgentConnectedAt)
                return; // an old connection registering again after a move: the newer one stays
            Context.Unwatch(previous); // a reconnect whose old connection has not closed yet
            stream.Streaming = false; // the new connection has no streamer yet
            CountStreams();
        }
        stream.Agent = m.Proxy;
        stream.AgentConnectedAt = m.ConnectedAt;
        Context.Watch(m.Proxy);
        m.Proxy.Tell(new AgentRegistered(m.ServerId));
        _log.Info("Agent of server {0} ({1}) online via {2}", m.ServerId, m.Hostname, m.Proxy.Path);

        if (stream.WatcherCount > 0)
        {
            StartStreaming(stream);
            if (previous is null)
                TellSubscribers(stream, new SessionProtocol.ServerStatus(stream.ServerId, true));
        }
        UpdateIdleTimeout();
    }

    private void OnSample(SampleArrived m)
    {
        // Only the proxy registered for this server may publish into it.
        if (!_servers.TryGetValue(m.ServerId, out var stream) || stream.Agent is null || !stream.Agent.Equals(Sender))
        {
            NodeMeter.SamplesDropped.Add(1, NodeMeter.Reason(SampleDropReasons.NotRegisteredAgent));
            if (_droppedSamples++ == 0 || _droppedSamples % 1000 == 0)
                _log.Warning("Dropped a sample for server {0} from {1}: not that server's registered agent ({2} dropped so far)",
                    m.ServerId, Sender.Path, _droppedSamples);
            return;
        }

        SampleHops.Record(SampleHops.ProxyToSession, m.Sample.ProxiedAt);
        var now = Now;
        stream.Heard(m.Sample.Time, now);
        if (stream.Stalled)
        {
            stream.Stalled = false;
            TellSubscribers(stream, new StreamResumed(stream.ServerId));
        }
        if (stream.Watchers.Count == 0)
            return;
        var deliver = new SessionProtocol.DeliverSample(m.ServerId, m.Sample, SampleHops.NowMs());
        foreach (var subscriber in stream.Watchers.Keys)
            subscriber.Tell(deliver);
        AskForBackfill(stream, stream.Backfill.LiveSampleArrived(now));
    }

    private void OnBackfill(BackfillArrived m)
    {
        if (!_servers.TryGetValue(m.ServerId, out var stream) || stream.Agent is null || !stream.Agent.Equals(Sender))
            return;
        foreach (var (subscriber, connections) in stream.Backfill.SliceArrived(Now))
            subscriber.Tell(new SessionProtocol.DeliverBackfill(m.ServerId, m.Samples, [.. connections]));
    }

    private void OnWatch(Watch m)
    {
        var stream = Stream(m.ServerId);
        var first = stream.WatcherCount == 0;
        var added = stream.AddWatcher(m.Subscriber, m.ConnectionId);
        if (added)
            Context.Watch(m.Subscriber);
        if (m.WatchingSince is { } since)
            CountFromEarlierWatch(stream, since);
        Timers.Cancel(GraceKey(m.ServerId));

        if (first && stream.Agent is not null && !stream.Streaming)
            StartStreaming(stream);
        else if (added && stream.Agent is not null)
            // A running stream: this watcher's history comes from the agent's buffer, as the first one's did.
            AskForBackfill(stream, stream.Backfill.Join(m.Subscriber, m.ConnectionId, Now));

        UpdateIdleTimeout();
        Sender.Tell(new WatchAccepted(m.ServerId, m.ConnectionId, (int)_settings.Interval.TotalMilliseconds, stream.Agent is not null));
    }

    /// <summary>Asks the agent for its buffer now (a repeated StartStreaming with SendBackfill, which also renews the
    /// lease), or once asking is allowed again, as <paramref name="due"/> says (<see cref="BackfillRecipients.Due"/>).</summary>
    private void AskForBackfill(ServerStream stream, TimeSpan? due)
    {
        if (due is not { } wait || stream.Agent is null || !stream.Streaming)
            return;
        if (wait > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(BackfillKey(stream.ServerId), new BackfillDue(stream.ServerId), wait);
            return;
        }
        stream.Agent.Tell(StartDirective(sendBackfill: true));
        stream.LeaseUntil = LeaseFromNow();
    }

    /// <summary>The session's one directive to stream (its interval and lease): a start, a renewal, or an ask for the
    /// agent's buffer.</summary>
    private AgentDirectives.StartStreaming StartDirective(bool sendBackfill) =>
        new((int)_settings.Interval.TotalMilliseconds, (int)_settings.Lease.TotalMilliseconds, sendBackfill);

    private void RemoveWatcher(ServerStream stream, IActorRef subscriber, string connectionId)
    {
        if (!stream.RemoveWatcher(subscriber, connectionId))
            return;
        stream.Backfill.Forget(subscriber, connectionId);
        if (!stream.Watchers.ContainsKey(subscriber) && !WatchesAnything(subscriber))
            Context.Unwatch(subscriber);
        StartGraceIfUnwatched(stream);
        UpdateIdleTimeout();
    }

    // Whether or not the agent streams right now (it may be offline): the session itself ends after the
    // grace period, so its maximum-length clock does not run on for nobody.
    private void StartGraceIfUnwatched(ServerStream stream)
    {
        if (stream.WatcherCount == 0 && (stream.Streaming || stream.StartedAt is not null))
            Timers.StartSingleTimer(GraceKey(stream.ServerId), new GraceOver(stream.ServerId), _settings.GracePeriod);
    }

    private void OnGraceOver(GraceOver m)
    {
        if (_servers.TryGetValue(m.ServerId, out var stream) && stream.WatcherCount == 0)
            StopStreaming(stream, EndReasons.NoWatchers);
    }

    private void OnTerminated(Terminated t)
    {
        foreach (var stream in _servers.Values)
        {
            if (t.ActorRef.Equals(stream.Agent))
                AgentGone(stream);
            if (stream.Watchers.Remove(t.ActorRef))
            {
                stream.Backfill.Forget(t.ActorRef);
                StartGraceIfUnwatched(stream);
            }
        }
        UpdateIdleTimeout();
    }

    private void AgentGone(ServerStream stream)
    {
        _log.Info("Agent of server {0} offline", stream.ServerId);
        stream.Agent = null;
        // The agent stops its streamer when its connection ends; the session resumes it when the agent is back.
        stream.Streaming = false;
        ForgetBackfill(stream);
        // Offline says more than stalled: watchers are told that instead.
        stream.Stalled = false;
        CountStreams();
        if (stream.WatcherCount > 0)
            TellSubscribers(stream, new SessionProtocol.ServerStatus(stream.ServerId, false));
    }

    private void StartStreaming(ServerStream stream)
    {
        stream.Agent!.Tell(StartDirective(sendBackfill: true));
        // Everyone watching gets this backfill: the watchers of a stream that starts, or whose agent is back from a gap.
        stream.Backfill.AskedForAll(stream.Watchers, Now);
        Timers.Cancel(BackfillKey(stream.ServerId));
        // The agent has until StallAfter from now to send its first sample.
        if (!stream.Streaming)
            stream.LastHeardAt = Now;
        stream.Streaming = true;
        CountStreams();
        if (!Timers.IsTimerActive(nameof(CheckStalls)))
            Timers.StartPeriodicTimer(nameof(CheckStalls), CheckStalls.Instance, _settings.Interval);
        stream.LeaseUntil = LeaseFromNow();
        // Renewals tick only while something streams: thousands of sessions with agents online and nobody
        // watching cost nothing per second.
        if (!Timers.IsTimerActive(nameof(RenewLeases)))
            Timers.StartPeriodicTimer(nameof(RenewLeases), RenewLeases.Instance, _settings.RenewEvery);
        if (stream.StartedAt is null)
        {
            // A stream rebuilt after its session moved keeps counting from its first watch: the maximum length
            // holds across a rebalance or a node's death. A time from the future (another node's clock) counts as now.
            stream.BeginSession(Math.Min(stream.EarliestWatch ?? Now, Now));
            stream.EarliestWatch = null;
            StartMaxLengthClock(stream);
        }
        _log.Info("Streaming server {0} for {1} watcher(s)", stream.ServerId, stream.WatcherCount);
    }

    private void StopStreaming(ServerStream stream, string reason)
    {
        if (stream.Streaming)
            stream.Agent?.Tell(new AgentDirectives.StopStreaming(reason));
        stream.Streaming = false;
        CountStreams();
        ForgetBackfill(stream);
        stream.Stalled = false;
        stream.StartedAt = null;
        stream.EarliestWatch = null;
        stream.LeaseUntil = null;
        Timers.Cancel(MaxLengthKey(stream.ServerId));
        Timers.Cancel(GraceKey(stream.ServerId));
        _log.Info("Stopped streaming server {0}: {1}", stream.ServerId, reason);
        UpdateIdleTimeout();
    }

    /// <summary>A watch registered again after a move began before this stream's start: count from it.</summary>
    private void CountFromEarlierWatch(ServerStream stream, long since)
    {
        since = Math.Min(since, Now);
        if (stream.StartedAt is null)
            stream.EarliestWatch = Math.Min(stream.EarliestWatch ?? since, since);
        else if (since < stream.StartedAt)
        {
            stream.StartedAt = since;
            StartMaxLengthClock(stream);
        }
    }

    /// <summary>The maximum-length timer for what is left of it from <c>StartedAt</c>; at once when nothing is left.</summary>
    private void StartMaxLengthClock(ServerStream stream)
    {
        var left = _settings.MaxLength - TimeSpan.FromMilliseconds(Now - stream.StartedAt!.Value);
        Timers.StartSingleTimer(MaxLengthKey(stream.ServerId), new MaxLengthReached(stream.ServerId),
            left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
    }

    /// <summary>Ends a live session for everyone watching it; true when there was one.</summary>
    private bool EndStream(string serverId, string reason)
    {
        if (!_servers.TryGetValue(serverId, out var stream) || (stream.WatcherCount == 0 && !stream.Streaming))
            return false;
        foreach (var (subscriber, watchers) in stream.Watchers.ToList())
        {
            subscriber.Tell(new SessionProtocol.StreamEnded(serverId, reason, [.. watchers]));
            stream.Watchers.Remove(subscriber);
            if (!WatchesAnything(subscriber))
                Context.Unwatch(subscriber);
        }
        StopStreaming(stream, reason);
        return true;
    }

    /// <summary>
    /// Renews each watched stream's lease with a repeated StartStreaming, which the agent treats as an
    /// update: it extends the lease, and also starts a streamer the agent no longer
    /// has (its lease ran out during a network blip, a directive was lost), so a watched chart heals
    /// within one renewal period instead of staying silent.
    /// </summary>
    private void RenewAll()
    {
        var renew = StartDirective(sendBackfill: false);
        var anyStreaming = false;
        foreach (var stream in _servers.Values)
        {
            anyStreaming |= stream.Streaming;
            if (stream.Streaming && stream.WatcherCount > 0 && stream.Agent is not null)
            {
                stream.Agent.Tell(renew);
                stream.LeaseUntil = LeaseFromNow();
            }
        }
        if (!anyStreaming)
            Timers.Cancel(nameof(RenewLeases));
    }

    /// <summary>
    /// Tells the watchers of each stream whose agent, still connected, sent nothing for StallAfter that it
    /// stalled, once; a sample arriving again resumes it (OnSample). Ticks once an interval while anything streams.
    /// </summary>
    private void TellStalledStreams()
    {
        var now = Now;
        var anyStreaming = false;
        foreach (var stream in _servers.Values)
        {
            anyStreaming |= stream.Streaming;
            if (!stream.Streaming || stream.Stalled || stream.Agent is null || stream.WatcherCount == 0
                || now - stream.LastHeardAt <= (long)_settings.StallAfter.TotalMilliseconds)
                continue;
            stream.Stalled = true;
            _log.Warning("Server {0} stalled: nothing from its agent for {1} ms", stream.ServerId, now - stream.LastHeardAt);
            TellSubscribers(stream, new StreamStalled(stream.ServerId, stream.LastSampleTime));
        }
        if (!anyStreaming)
            Timers.Cancel(nameof(CheckStalls));
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private StreamsReport Report() => new(_accountId, [.. _servers.Values.Select(s => new StreamReport(
        s.ServerId, s.Hostname, s.Agent is not null, s.Streaming, s.WatcherCount, s.StartedAt, s.SamplesReceived,
        s.Streaming ? s.LeaseUntil : null))]);

    private long LeaseFromNow() => Now + (long)_settings.Lease.TotalMilliseconds;

    private bool WatchesAnything(IActorRef subscriber) => _servers.Values.Any(s => s.Watchers.ContainsKey(subscriber));

    private static void TellSubscribers(ServerStream stream, object message)
    {
        foreach (var subscriber in stream.Watchers.Keys)
            subscriber.Tell(message);
    }

    // A session with no agent online and nobody watching keeps no state worth a mailbox: let sharding
    // passivate it.
    private void UpdateIdleTimeout() => Context.SetReceiveTimeout(
        _servers.Values.All(s => s.IsIdle) ? _settings.IdlePassivation : null);

    private void PassivateIfIdle()
    {
        if (_servers.Values.All(s => s.IsIdle))
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>What was asked of the agent will not come (it went away, or the stream stopped).</summary>
    private void ForgetBackfill(ServerStream stream)
    {
        stream.Backfill.Clear();
        Timers.Cancel(BackfillKey(stream.ServerId));
    }

    private static string GraceKey(string serverId) => "grace:" + serverId;
    private static string BackfillKey(string serverId) => "backfill:" + serverId;
    private static string MaxLengthKey(string serverId) => "max:" + serverId;

    private sealed record GraceOver(string ServerId) : INoSerializationVerificationNeeded;

    private sealed record MaxLengthReached(string ServerId) : INoSerializationVerificationNeeded;

    private sealed record BackfillDue(string ServerId) : INoSerializationVerificationNeeded;

    // Not influencing the receive timeout, like RenewLeases.
    private sealed class CheckStalls : INoSerializationVerificationNeeded, INotInfluenceReceiveTimeout
    {
        public static readonly CheckStalls Instance = new();
        private CheckStalls() { }
    }

    // Not influencing the receive timeout: a ticking renewal timer must not keep an idle session alive.
    private sealed class RenewLeases : INoSerializationVerificationNeeded, INotInfluenceReceiveTimeout
    {
        public static readonly RenewLeases Instance = new();
        private RenewLeases() { }
    }
}

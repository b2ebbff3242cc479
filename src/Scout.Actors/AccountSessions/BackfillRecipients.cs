using Akka.Actor;

namespace Scout.Actors.AccountSessions;

/// <summary>
/// Who gets the agent's backfill of one server. Nodes keep no samples: a watcher's chart starts full from the
/// agent's own buffer, asked for with a <c>StartStreaming</c> that has <c>SendBackfill</c>. Each ask's backfill goes
/// only to the watchers it was asked for, never again to those who have the history already, and watchers who
/// join close together share one ask, so a crowd opening one server's page costs its agent one backfill, not one
/// each (issue 18, docs/decisions.md).
/// </summary>
/// <remarks>
/// The backfill comes in slices, with no end marked, through the same connection and mailboxes as the live samples,
/// in the order the agent sent them. So a watcher who joins after the ask and before its first slice is covered by
/// it (the agent's buffer was read after everything this session saw before the join); one who joins while slices
/// arrive waits for the next ask. The first live sample after a slice ends the backfill.
/// An agent may not answer: its buffer is off or still empty, or the directive was lost. An ask counts as unanswered
/// once <see cref="UnansweredAfterSamples"/> live samples came after it without a slice (the agent answers within
/// milliseconds, between two samples), or after <see cref="UnansweredAsks"/> periods. Its first recipients then go
/// without (asking again would bring the same nothing); those who joined after it was made get one ask of their own.
/// </remarks>
internal sealed class BackfillRecipients(TimeSpan askEvery)
{
    /// <summary>An ask without a slice for this many <c>askEvery</c> periods counts as unanswered.</summary>
    public const int UnansweredAsks = 5;

    /// <summary>An ask followed by this many live samples and no slice counts as unanswered.</summary>
    public const int UnansweredAfterSamples = 3;

    private enum Phase { Idle, Asked, Arriving }

    private readonly long _askEveryMs = Math.Max(1, (long)askEvery.TotalMilliseconds);
    private Phase _phase;
    private long _askedAt = long.MinValue / 2;
    private long _lastSliceAt;
    private int _liveSinceAsk;
    // Those the current ask's backfill goes to (of them, those who joined after it was made), and those waiting for
    // the next ask.
    private Dictionary<IActorRef, HashSet<string>> _current = new();
    private readonly Dictionary<IActorRef, HashSet<string>> _joinedAfterAsk = new();
    private Dictionary<IActorRef, HashSet<string>> _next = new();

    /// <summary>A stream starts (or its agent is back): the backfill it asks for goes to every watcher.</summary>
    public void AskedForAll(IReadOnlyDictionary<IActorRef, HashSet<string>> watchers, long now)
    {
        Clear();
        foreach (var (subscriber, connections) in watchers)
            _current[subscriber] = [.. connections];
        Asked(now);
    }

    /// <summary>A watcher joined a running stream. Returns when to ask the agent (<see cref="Due"/>).</summary>
    public TimeSpan? Join(IActorRef subscriber, string connectionId, long now)
    {
        GiveUpStale(now);
        if (_phase == Phase.Asked)
        {
            Add(_current, subscriber, connectionId);
            Add(_joinedAfterAsk, subscriber, connectionId);
            return null;
        }
        Add(_next, subscriber, connectionId);
        return _phase == Phase.Idle ? Due(now) : null;
    }

    /// <summary>
    /// Whether to ask the agent now for those waiting: null when nobody waits or an ask is under way, zero to ask now
    /// (they become the ask's recipients), else how long until asking is allowed again.
    /// </summary>
    public TimeSpan? Due(long now)
    {
        GiveUpStale(now);
        if (_phase != Phase.Idle || _next.Count == 0)
            return null;
        var wait = _askedAt + _askEveryMs - now;
        if (wait > 0)
            return TimeSpan.FromMilliseconds(wait);
        (_current, _next) = (_next, _current);
        _next.Clear();
        Asked(now);
        return TimeSpan.Zero;
    }

    /// <summary>A slice of backfill arrived: who it goes to (none for a backfill nobody here asked for).</summary>
    public IReadOnlyDictionary<IActorRef, HashSet<string>> SliceArrived(long now)
    {
        if (_phase == Phase.Idle)
            return EmptyRecipients;
        _phase = Phase.Arriving;
        _lastSliceAt = now;
        return _current;
    }

    /// <summary>A live sample arrived. After slices it ends that backfill; after an ask it may show the ask unanswered.
    /// Returns when to ask for those waiting.</summary>
    public TimeSpan? LiveSampleArrived(long now)
    {
        if (_phase == Phase.Arriving)
            EndAsk();
        else if (_phase == Phase.Asked && ++_liveSinceAsk >= UnansweredAfterSamples)
            GiveUp();
        return _next.Count == 0 ? null : Due(now);
    }

    public void Forget(IActorRef subscriber, string connectionId)
    {
        Remove(_current, subscriber, connectionId);
        Remove(_joinedAfterAsk, subscriber, connectionId);
        Remove(_next, subscriber, connectionId);
    }

    public void Forget(IActorRef subscriber)
    {
        _current.Remove(subscriber);
        _joinedAfterAsk.Remove(subscriber);
        _next.Remove(subscriber);
    }

    /// <summary>The agent went away or the stream stopped: what was asked of it will not come.</summary>
    public void Clear()
    {
        _next.Clear();
        EndAsk();
    }

    private void Asked(long now)
    {
        _phase = Phase.Asked;
        _askedAt = now;
        _liveSinceAsk = 0;
    }

    // An ask that no slice answered in time, or a backfill whose slices stopped without a live sample after them.
    private void GiveUpStale(long now)
    {
        if (_phase == Phase.Asked && now - _askedAt > UnansweredAsks * _askEveryMs)
            GiveUp();
        else if (_phase == Phase.Arriving && now - _lastSliceAt > UnansweredAsks * _askEveryMs)
            EndAsk();
    }

    // The ask was not answered: those it was made for go without, those who joined after it wait for an ask of their own.
    private void GiveUp()
    {
        foreach (var (subscriber, connections) in _joinedAfterAsk)
            foreach (var connection in connections)
                Add(_next, subscriber, connection);
        EndAsk();
    }

    private void EndAsk()
    {
        _current.Clear();
        _joinedAfterAsk.Clear();
        _phase = Phase.Idle;
    }

    private static void Add(Dictionary<IActorRef, HashSet<string>> set, IActorRef subscriber, string connectionId)
    {
        if (!set.TryGetValue(subscriber, out var connections))
            set[subscriber] = connections = [];
        connections.Add(connectionId);
    }

    private static void Remove(Dictionary<IActorRef, HashSet<string>> set, IActorRef subscriber, string connectionId)
    {
        if (set.TryGetValue(subscriber, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            set.Remove(subscriber);
    }

    private static readonly IReadOnlyDictionary<IActorRef, HashSet<string>> EmptyRecipients = new Dictionary<IActorRef, HashSet<string>>();
}

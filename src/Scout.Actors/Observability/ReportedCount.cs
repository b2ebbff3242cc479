namespace Scout.Actors.Observability;

/// <summary>
/// An actor's share of a <see cref="LiveCount"/>: the actor sets its current count after a change and the total
/// moves by the difference, so a node's gauge is the sum of its actors' counts. Set it to 0 in
/// PostStop: a stopped or moved actor takes its share with it. Only its own actor touches it (no locks).
/// </summary>
public sealed class ReportedCount(LiveCount gauge)
{
    private long _reported;

    public void Set(long count)
    {
        if (count == _reported)
            return;
        gauge.Add(count - _reported);
        _reported = count;
    }
}


namespace Scout.Actors.AccountSessions;

/// <summary>
/// The last <c>length</c> of samples of one server, in the agent's time order, so a new watcher's
/// chart starts full. Samples are trimmed by the agent's sampling time, and never more than
/// <c>capacity</c> are kept whatever their times say. Kept encoded (<see cref="EncodedSample"/>): a
/// minute of every streaming server lives long enough to reach gen2, where bytes cost the GC far less
/// than object graphs; and one list instead of linked nodes adds no objects per sample of its own.
/// </summary>
public sealed class SampleBuffer(TimeSpan length, int capacity = int.MaxValue)
{
    private readonly List<EncodedSample> _samples = new();
    private readonly long _lengthMs = (long)length.TotalMilliseconds;

    public int Count => _samples.Count;

    public void Add(EncodedSample sample)
    {
        // Samples usually arrive in order; a backfill may bring older ones, which go to their place.
        var at = _samples.Count;
        while (at > 0 && _samples[at - 1].Time > sample.Time)
            at--;
        if (at > 0 && _samples[at - 1].Time == sample.Time)
            return; // the same sample twice (a backfill overlapping the live stream)
        // Only the newest keeps its tables (process list, filesystems): a new watcher's tables start from it, and
        // its charts need none of the older ones' (EncodedSample.WithoutTables).
        if (at == _samples.Count)
        {
            if (at > 0)
                _samples[at - 1] = _samples[at - 1].WithoutTables();
            _samples.Add(sample);
        }
        else
            _samples.Insert(at, sample.WithoutTables());
        Trim();
    }

    /// <summary>The buffered samples, or none when even the newest is older than <c>length</c> before
    /// <paramref name="now"/> (server clock): a buffer left from a stream that stopped an hour ago is not
    /// "the last minute".</summary>
    public IReadOnlyList<EncodedSample> Snapshot(long now) =>
        _samples.Count > 0 && _samples[^1].Time >= now - _lengthMs ? [.. _samples] : [];

    private void Trim()
    {
        var oldestKept = _samples[^1].Time - _lengthMs;
        var drop = 0;
        while (drop < _samples.Count && (_samples[drop].Time < oldestKept || _samples.Count - drop > capacity))
            drop++;
        if (drop > 0)
            _samples.RemoveRange(0, drop);
    }
}

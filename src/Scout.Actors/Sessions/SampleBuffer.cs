using Scout.Actors.Metrics;

namespace Scout.Actors.Sessions;

/// <summary>
/// The last <c>length</c> of samples of one server, in the agent's time order, so a new watcher's
/// chart starts full. Samples are trimmed by the agent's sampling time, and never more than
/// <c>capacity</c> are kept whatever their times say.
/// </summary>
public sealed class SampleBuffer(TimeSpan length, int capacity = int.MaxValue)
{
    private readonly LinkedList<MetricsSample> _samples = new();
    private readonly long _lengthMs = (long)length.TotalMilliseconds;

    public int Count => _samples.Count;

    public void Add(MetricsSample sample)
    {
        // Samples usually arrive in order; a backfill may bring older ones, which go to their place.
        var node = _samples.Last;
        while (node is not null && node.Value.Time > sample.Time)
            node = node.Previous;
        if (node is not null && node.Value.Time == sample.Time)
            return; // the same sample twice (a backfill overlapping the live stream)
        if (node is null)
            _samples.AddFirst(sample);
        else
            _samples.AddAfter(node, sample);
        Trim();
    }

    /// <summary>The buffered samples, or none when even the newest is older than <c>length</c> before
    /// <paramref name="now"/> (server clock): a buffer left from a stream that stopped an hour ago is not
    /// "the last minute".</summary>
    public IReadOnlyList<MetricsSample> Snapshot(long now) =>
        _samples.Last is { } newest && newest.Value.Time >= now - _lengthMs ? [.. _samples] : [];

    private void Trim()
    {
        var newest = _samples.Last!.Value.Time;
        while (_samples.First is { } first && (first.Value.Time < newest - _lengthMs || _samples.Count > capacity))
            _samples.RemoveFirst();
    }
}

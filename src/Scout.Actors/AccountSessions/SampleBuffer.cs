using System.Numerics;


namespace Scout.Actors.AccountSessions;

/// <summary>
/// The last <c>length</c> of samples of one server, in the agent's time order, so a new watcher's
/// chart starts full. Samples are trimmed by the agent's sampling time, and never more than
/// <c>capacity</c> are kept whatever their times say. Kept encoded (<see cref="EncodedSample"/>): a
/// minute of every streaming server lives long enough to reach gen2, where bytes cost the GC far less
/// than object graphs; and one list instead of linked nodes adds no objects per sample of its own.
/// Every sample is kept slim (<see cref="EncodedSample.WithoutTables"/>); the newest one's whole JSON, which a new
/// watcher's tables start from, is copied into a buffer this one owns and reuses. Holding the arriving sample itself
/// for the second until the next one kept every sample alive across an ephemeral GC: at 1,000 streams that was
/// ~4.7 MB a second copied into gen1 and on into gen2, to die there (issue 18, docs/benchmarks.md).
/// </summary>
public sealed class SampleBuffer(TimeSpan length, int capacity = int.MaxValue)
{
    private readonly List<EncodedSample> _samples = new();
    private readonly long _lengthMs = (long)length.TotalMilliseconds;
    private byte[]? _newest;                       // the newest sample's whole JSON (first _newestLength bytes)
    private int _newestLength;
    private long _newestTime = long.MinValue;      // its time; MinValue when the newest kept has no whole copy

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
            _samples.Add(sample.WithoutTables());
            KeepWhole(sample);
        }
        else
            _samples.Insert(at, sample.WithoutTables());
        Trim();
    }

    private void KeepWhole(EncodedSample sample)
    {
        if (sample.IsSlim)
        {
            _newestTime = long.MinValue;
            return;
        }
        var json = sample.Json.Span;
        if (_newest is null || _newest.Length < json.Length)
            // Pinned: long-lived and rewritten in place, it is never copied by an ephemeral GC. Sized up to the next
            // power of two, so a server whose samples grow a little does not get a new one each second.
            _newest = GC.AllocateUninitializedArray<byte>((int)Math.Min(EncodedSample.MaxBytes, BitOperations.RoundUpToPowerOf2((uint)json.Length)), pinned: true);
        json.CopyTo(_newest);
        _newestLength = json.Length;
        _newestTime = sample.Time;
    }

    /// <summary>The buffered samples, or none when even the newest is older than <c>length</c> before
    /// <paramref name="now"/> (server clock): a buffer left from a stream that stopped an hour ago is not
    /// "the last minute".</summary>
    public IReadOnlyList<EncodedSample> Snapshot(long now)
    {
        if (_samples.Count == 0 || _samples[^1].Time < now - _lengthMs)
            return [];
        EncodedSample[] copy = [.. _samples];
        var last = copy[^1];
        // A copy of the owned bytes: the buffer is rewritten by the next sample, the snapshot goes to other actors.
        if (last.Time == _newestTime)
            copy[^1] = EncodedSample.Copy(last.ServerId, last.Time, _newest.AsSpan(0, _newestLength), last.ProxiedAt);
        return copy;
    }

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

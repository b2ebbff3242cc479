namespace Scout.Actors.AccountSessions;

/// <summary>
/// The last <c>length</c> of samples of one server, in the agent's time order, so a new watcher's
/// chart starts full. Samples are trimmed by the agent's sampling time, and never more than
/// <c>capacity</c> are kept whatever their times say. Kept as bytes, not object graphs: a minute of every
/// streaming server lives long enough to reach gen2, where bytes cost the GC far less; and one list of
/// structs adds no objects per sample of its own. Every sample is kept packed, without its tables
/// (<see cref="PackedSample"/>, about a sixth of its slim JSON); the newest one's whole JSON, which a new
/// watcher's tables start from, is copied into a buffer this one owns and reuses. Holding the arriving sample itself
/// for the second until the next one kept every sample alive across an ephemeral GC: at 1,000 streams that was
/// ~4.7 MB a second copied into gen1 and on into gen2, to die there (issue 18, docs/benchmarks.md).
/// </summary>
public sealed class SampleBuffer(TimeSpan length, int capacity = int.MaxValue)
{
    private readonly List<PackedSample> _samples = new();
    private string _serverId = "";
    private SampleShape? _shape;                   // the newest sample's shape, which the next one most likely has too
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
        // its charts need none of the older ones' (EncodedSample.Slim).
        var packed = PackedSample.Pack(sample, _shape);
        _serverId = sample.ServerId;
        if (at == _samples.Count)
        {
            _samples.Add(packed);
            _shape = packed.Shape;
            KeepWhole(sample);
        }
        else
            _samples.Insert(at, packed);
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
            // Pinned: long-lived and rewritten in place, it is never copied by an ephemeral GC. An eighth more than
            // this sample, so a server whose samples grow a little does not get a new one each second; not the next
            // power of two, which left ~3.4 KB of each 8 KB unused at 1,000 streams of ~4.7 KB (issue 18).
            _newest = GC.AllocateUninitializedArray<byte>(NewestCapacity(json.Length), pinned: true);
        json.CopyTo(_newest);
        _newestLength = json.Length;
        _newestTime = sample.Time;
    }

    /// <summary>Room for a whole sample of <paramref name="length"/> bytes and an eighth more, in 256-byte steps; no more
    /// than what a node relays, unless the sample itself is larger.</summary>
    public static int NewestCapacity(int length) =>
        Math.Max(length, Math.Min(EncodedSample.MaxBytes, (length + length / 8 + 255) & ~255));

    /// <summary>The buffered samples, or none when even the newest is older than <c>length</c> before
    /// <paramref name="now"/> (server clock): a buffer left from a stream that stopped an hour ago is not
    /// "the last minute".</summary>
    public IReadOnlyList<EncodedSample> Snapshot(long now)
    {
        if (_samples.Count == 0 || _samples[^1].Time < now - _lengthMs)
            return [];
        var copy = new EncodedSample[_samples.Count];
        var last = _samples[^1];
        var newestWhole = last.Time == _newestTime;
        for (var i = 0; i < copy.Length - (newestWhole ? 1 : 0); i++)
            copy[i] = _samples[i].Unpack(_serverId);
        // A copy of the owned bytes: the buffer is rewritten by the next sample, the snapshot goes to other actors.
        if (newestWhole)
            copy[^1] = EncodedSample.Copy(_serverId, last.Time, _newest.AsSpan(0, _newestLength), last.ProxiedAt);
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

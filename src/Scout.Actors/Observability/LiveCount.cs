namespace Scout.Actors.Observability;

/// <summary>
/// A number of live things (connections, streams, watches) that actors add to and take from, read by a gauge when
/// metrics are collected. Whoever reads it gets the current total, however late they started listening.
/// </summary>
public sealed class LiveCount
{
    private long _value;

    public void Add(long delta) => Interlocked.Add(ref _value, delta);

    public long Read() => Interlocked.Read(ref _value);
}

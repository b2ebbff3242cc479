using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

namespace Scout.Agent.Streaming;

/// <summary>
/// Keeps the last few minutes of samples so a new stream's chart can start full (backfill), and for the minute
/// reports: the newest whole, the older ones without their process lists (only the newest one's is ever shown).
/// While a streamer at least as frequent as the buffer runs, it stores the streamer's samples and its own
/// timer is off, so the agent wakes once a second, not twice; it reads for itself again when the streamer
/// says it ended, or, should that word never come, when no streamed sample arrived for a whole interval
/// (checked every <see cref="StreamWatchIntervals"/> intervals). One reading a second in total, never two.
/// </summary>
public sealed class LocalBuffer : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private const string StreamWatchTimer = "stream-watch";

    /// <summary>While streamed samples arrive, whether they still do is checked this many intervals apart.</summary>
    public const int StreamWatchIntervals = 3;

    // Two streamed samples this close (in buffer intervals) make a stream that covers every interval;
    // the slack absorbs a reading's jitter, not a slower stream.
    private const double FrequentStreamSlack = 1.25;

    // A streamer faster than the buffer interval would fill the window with more than it needs;
    // keep a streamed sample only when it is at least this share of an interval after the last kept one.
    private const double KeepGapShare = 0.75;

    private readonly IMetricsSource _source;
    private readonly LocalBufferSettings _settings;
    private readonly Func<long> _nowUnixMs;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LinkedList<MetricsSample> _samples = new();
    private LinkedListNode<MetricsSample>? _whole;   // the newest sample by time, the one that keeps its process list
    private readonly Stopwatch _sinceStreamed = new();
    private long _failedReadings;
    private bool _ticking;

    public ITimerScheduler Timers { get; set; } = null!;

    public LocalBuffer(IMetricsSource source, LocalBufferSettings settings, Func<long>? nowUnixMs = null)
    {
        _source = source;
        _settings = settings.Validate();
        _nowUnixMs = nowUnixMs ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Receive<StreamerProtocol.StreamedSample>(streamed =>
        {
            // Off only for a stream at least as frequent as the buffer: a slower one leaves gaps to fill.
            if (_sinceStreamed.IsRunning && _sinceStreamed.Elapsed <= _settings.Interval * FrequentStreamSlack)
                StopTicking();
            _sinceStreamed.Restart();
            var last = _samples.Last?.Value;
            if (last is null || streamed.Sample.Time - last.Time >= _settings.Interval.TotalMilliseconds * KeepGapShare)
                Store(streamed.Sample);
        });
        Receive<StreamerProtocol.StreamerStopped>(_ => StartTicking());
        Receive<StreamWatch>(_ =>
        {
            // The watch falls due about when a sample does: only a clearly missed one counts as silence.
            if (_sinceStreamed.Elapsed > _settings.Interval * FrequentStreamSlack)
                StartTicking();
            else
                Timers.StartSingleTimer(StreamWatchTimer, StreamWatch.Instance, StreamWatchPeriod);
        });
        Receive<Tick>(_ => OnTick());
        Receive<LocalBufferProtocol.GetBuffer>(_ =>
        {
            Trim();
            var ordered = _samples.OrderBy(s => s.Time).ToArray();
            Sender.Tell(new LocalBufferProtocol.BufferContents(ordered));
        });
    }

    public static Props Props(IMetricsSource source, LocalBufferSettings settings, Func<long>? nowUnixMs = null) =>
        Akka.Actor.Props.Create(() => new LocalBuffer(source, settings, nowUnixMs));

    private TimeSpan StreamWatchPeriod => _settings.Interval * StreamWatchIntervals;

    protected override void PreStart() => StartTicking();

    private void StartTicking()
    {
        if (_ticking || !_settings.Enabled) return;
        Timers.Cancel(StreamWatchTimer);
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _settings.Interval);
        _ticking = true;
    }

    private void StopTicking()
    {
        if (!_ticking) return;
        Timers.Cancel(TickTimer);
        Timers.StartSingleTimer(StreamWatchTimer, StreamWatch.Instance, StreamWatchPeriod);
        _ticking = false;
    }

    private void OnTick()
    {
        // A streamer sample within the last interval already covers this second.
        if (_sinceStreamed.IsRunning && _sinceStreamed.Elapsed < _settings.Interval)
            return;

        try
        {
            Store(_source.Read());
        }
        catch (Exception ex)
        {
            // A reader that keeps failing would otherwise write a line every tick: first, then every 60th.
            if (++_failedReadings == 1 || _failedReadings % 60 == 0)
                _log.Warning("Buffer reading failed ({0} so far); skipping this second: {1}", _failedReadings, ex.Message);
        }
    }

    private void Store(MetricsSample sample)
    {
        if (!_settings.Enabled) return;
        // Only the newest keeps its process list: a chart reads the figures of every sample, the page's process table
        // and the minute report's top processes only the newest one's. Kept whole, five minutes of samples with 40 + 40
        // processes were a backfill of megabytes through the node to every browser of a new stream, and ~300 process
        // lists held here. Filesystems stay: they are small, and the minute report averages them over its window.
        // (A clock stepped back can bring a reading older than the newest: the newest keeps its list then.)
        if (_whole is { } newest && sample.Time < newest.Value.Time)
        {
            _samples.AddLast(sample with { Processes = [] });
        }
        else
        {
            if (_whole is not null)
                _whole.Value = _whole.Value with { Processes = [] };
            _whole = _samples.AddLast(sample);
        }
        Trim();
    }

    private void Trim()
    {
        var oldest = _nowUnixMs() - (long)_settings.Length.TotalMilliseconds;
        while (_samples.First is { } first && first.Value.Time < oldest)
        {
            if (first == _whole)
                _whole = null;
            _samples.RemoveFirst();
        }
    }

    private sealed class StreamWatch
    {
        public static readonly StreamWatch Instance = new();
        private StreamWatch() { }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
        private Tick() { }
    }
}

using Akka.Actor;
using Akka.Event;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;

namespace Scout.Agent.Streaming;

/// <summary>
/// Streams readings while someone watches. Created by its parent only on a StartStreaming directive;
/// samples on its interval and sends each reading to the target (the agent link) and to the local
/// buffer, so the buffer needs no reading of its own. Stops on StopStreaming or, by itself, when the
/// lease runs out without renewal, so a lost server never leaves an agent streaming.
/// </summary>
public sealed class Streamer : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private const string LeaseTimer = "lease";

    private readonly IMetricsSource _source;
    private readonly IActorRef _target;
    private readonly IActorRef? _buffer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private StreamerSettings _settings;
    private long _failedReadings;

    public ITimerScheduler Timers { get; set; } = null!;

    public Streamer(IMetricsSource source, IActorRef target, IActorRef? buffer, AgentDirectives.StartStreaming start)
    {
        _source = source;
        _target = target;
        _buffer = buffer;
        _settings = StreamerSettings.From(start);

        Receive<Tick>(_ => TakeReading());
        Receive<AgentDirectives.StartStreaming>(Update);
        Receive<AgentDirectives.StopStreaming>(stop =>
        {
            _log.Info("Streaming stopped by the server: {0}", stop.Reason);
            Context.Stop(Self);
        });
        Receive<LeaseExpired>(_ =>
        {
            _log.Warning("Streaming lease of {0} ran out without renewal; stopping the stream", _settings.Lease);
            Context.Stop(Self);
        });
    }

    /// <param name="buffer">The local buffer, or null when the buffer is off.</param>
    public static Props Props(IMetricsSource source, IActorRef target, IActorRef? buffer, AgentDirectives.StartStreaming start) =>
        Akka.Actor.Props.Create(() => new Streamer(source, target, buffer, start));

    protected override void PreStart()
    {
        _log.Info("Streaming every {0} with a lease of {1}", _settings.Interval, _settings.Lease);
        // The first reading right away: whoever pressed Realtime should not wait a whole interval.
        Self.Tell(Tick.Instance);
        // The rest at a point of the interval chosen at random, not at the moment the directive came: streams that
        // start together (a wall opening fifty servers, a thousand agents moving to another node) would otherwise
        // reach the node together every second, and wait for each other there (docs/decisions.md, "Stream phase").
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, StreamPhase.FirstDelay(_settings.Interval, Random.Shared), _settings.Interval);
        ExtendLease(_settings.Lease);
    }

    protected override void PostStop() => _buffer?.Tell(StreamerProtocol.StreamerStopped.Instance, Self);

    private void Update(AgentDirectives.StartStreaming start)
    {
        var next = StreamerSettings.From(start);
        if (next.Interval != _settings.Interval)
        {
            _log.Info("Stream interval changed from {0} to {1}", _settings.Interval, next.Interval);
            Timers.StartPeriodicTimer(TickTimer, Tick.Instance, next.Interval);
            // A slower stream may no longer cover every second of the buffer: it decides again from the next samples.
            if (next.Interval > _settings.Interval)
                _buffer?.Tell(StreamerProtocol.StreamerStopped.Instance, Self);
        }
        _settings = next;
        ExtendLease(next.Lease);
    }

    private void ExtendLease(TimeSpan lease)
    {
        _settings = _settings with { Lease = lease };
        // Starting a timer with the same key cancels the previous one.
        Timers.StartSingleTimer(LeaseTimer, LeaseExpired.Instance, lease);
    }

    private void TakeReading()
    {
        MetricsSample sample;
        try
        {
            // ~1-2 ms of /proc reading: acceptable inside the actor, and it keeps the order of samples.
            sample = _source.Read();
        }
        catch (Exception ex)
        {
            // A reader that keeps failing would otherwise write a line every tick: first, then every 60th.
            if (++_failedReadings == 1 || _failedReadings % 60 == 0)
                _log.Warning("Reading the machine failed ({0} so far); skipping this tick: {1}", _failedReadings, ex.Message);
            return;
        }

        var message = new StreamerProtocol.StreamedSample(sample);
        _target.Tell(message, Self);
        _buffer?.Tell(message, Self);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
        private Tick() { }
    }

    private sealed class LeaseExpired
    {
        public static readonly LeaseExpired Instance = new();
        private LeaseExpired() { }
    }
}

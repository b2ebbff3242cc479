using Akka.Actor;
using Akka.Event;
using Scout.Actors.AgentWire;
using Scout.Actors.RateLimiting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Reporting;

/// <summary>
/// Makes a report every interval from the local buffer's 1-second samples (the buffer is the one /proc
/// reader), spools it on disk, and sends the spool oldest first, one report in flight at a time, through
/// the link, a backlog at <see cref="ReportPace"/>'s agent pace (under the node's per-server quota). A report leaves the spool only on a durable acknowledgement (or a rejection, which no retry
/// would change); any failure keeps it and retries after a delay, so server, network or agent outages lose nothing.
/// </summary>
public sealed class Reporter : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private const string RetryTimer = "retry";
    private const string PaceTimer = "pace";

    private readonly ReportSettings _settings;
    private readonly IActorRef _buffer;
    private readonly IActorRef _link;
    private readonly Func<long> _nowUnixMs;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ReportSpool _spool = null!;
    private long _windowStart;
    private MinuteReport? _inFlight;
    private long _made;
    private long _acknowledged;
    private long _rejected;
    private long _sendFailures;
    /// <summary>Under the node's per-server quota (<see cref="ReportPace"/>), so emptying a spool is never refused.</summary>
    private readonly TokenBucket _pace = new(ReportPace.AgentBurst, ReportPace.AgentPerSecond);

    public ITimerScheduler Timers { get; set; } = null!;

    public Reporter(ReportSettings settings, IActorRef buffer, IActorRef link, Func<long>? nowUnixMs = null)
    {
        _settings = settings.Validate();
        _buffer = buffer;
        _link = link;
        _nowUnixMs = nowUnixMs ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Receive<Tick>(_ => _buffer.Tell(LocalBufferProtocol.GetBuffer.Instance));
        Receive<LocalBufferProtocol.BufferContents>(MakeReport);
        Receive<ReportAck>(OnAck);
        Receive<ReporterProtocol.ReportNotSent>(OnNotSent);
        Receive<Retry>(_ => SendNext());
        Receive<Paced>(_ => SendNext());
        Receive<ReporterProtocol.GetReporterStatus>(_ => Sender.Tell(new ReporterProtocol.ReporterStatus(
            _spool.Count, _made, _acknowledged, _rejected, _spool.Dropped, _sendFailures)));
    }

    public static Props Props(ReportSettings settings, IActorRef buffer, IActorRef link, Func<long>? nowUnixMs = null) =>
        Akka.Actor.Props.Create(() => new Reporter(settings, buffer, link, nowUnixMs));

    protected override void PreStart()
    {
        _spool = new ReportSpool(_settings.SpoolPath, _settings.SpoolCapacity);
        if (_spool.Count > 0)
            _log.Info("Report spool holds {0} unacknowledged reports; replaying them oldest first", _spool.Count);
        // The buffer already holds readings from before we started: the first window is a full interval too.
        _windowStart = _nowUnixMs() - (long)_settings.Interval.TotalMilliseconds;
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _settings.Interval);
        SendNext();
    }

    private void MakeReport(LocalBufferProtocol.BufferContents contents)
    {
        // Strictly after the last window, even if asked twice in a millisecond or the clock stepped back:
        // spool order (and so replay order) is by time.
        var now = Math.Max(_nowUnixMs(), _windowStart + 1);
        var from = _windowStart;
        var window = contents.Samples.Where(s => s.Time > from && s.Time <= now).ToArray();
        _windowStart = now;
        var report = ReportBuilder.Build(ReportBuilder.NewId(now), from, now, (long)_settings.Interval.TotalMilliseconds, window);
        if (report is null)
        {
            _log.Warning("No readings in the last report window; no report for it");
            return;
        }
        _made++;
        try
        {
            var dropped = _spool.Add(report);
            if (dropped > 0)
                _log.Warning("Report spool full ({0} reports): dropped the {1} oldest unsent ({2} dropped so far)",
                    _settings.SpoolCapacity, dropped, _spool.Dropped);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without the disk the report can still go out now; it is only not durable on our side.
            _log.Error("Cannot write report {0} to the spool at {1}: {2}", report.ReportId, _settings.SpoolPath, e.Message);
            if (_inFlight is null) Send(report);
            return;
        }
        SendNext();
    }

    private void SendNext()
    {
        if (_inFlight is not null || _spool.Count == 0 || Timers.IsTimerActive(PaceTimer)) return;
        if (!_pace.TryTake())
        {
            // A backlog: one more report as soon as the pace allows (a token is due within 1/rate).
            Timers.StartSingleTimer(PaceTimer, Paced.Instance, TimeSpan.FromSeconds(1 / ReportPace.AgentPerSecond));
            return;
        }
        if (_spool.Oldest() is { } oldest) Send(oldest);
    }

    private void Send(MinuteReport report)
    {
        _inFlight = report;
        _link.Tell(new ReporterProtocol.SendReport(report));
    }

    private void OnAck(ReportAck ack)
    {
        if (_inFlight is null || ack.ReportId != _inFlight.ReportId) return;
        if (ack.IsDurable)
        {
            _acknowledged++;
        }
        else
        {
            // Retrying a report the server refused (clock skew, malformed) would block every later one.
            _rejected++;
            _log.Warning("Server rejected report {0}: {1} ({2} rejected so far); dropping it", ack.ReportId, ack.Reason ?? "no reason", _rejected);
        }
        _spool.Remove(_inFlight);
        _inFlight = null;
        SendNext();
    }

    private void OnNotSent(ReporterProtocol.ReportNotSent notSent)
    {
        if (_inFlight is null || notSent.ReportId != _inFlight.ReportId) return;
        _inFlight = null;
        // First failure of a run is worth a line; the rest are counted (an outage means one every retry).
        if (_sendFailures++ == 0 || _sendFailures % 100 == 0)
            _log.Warning("Report not acknowledged ({0}); {1} spooled, retrying every {2}", notSent.Reason, _spool.Count, _settings.RetryDelay);
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, _settings.RetryDelay);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
        private Tick() { }
    }

    private sealed class Paced
    {
        public static readonly Paced Instance = new();
        private Paced() { }
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
        private Retry() { }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Scout.Agent.Hosting;

/// <summary>
/// An Akka scheduler that wakes the process only when something is due: one runtime timer per scheduled
/// entry instead of Akka's hashed wheel, which ticks every <c>tick-duration</c> whether anything is due or
/// not. The agent's timers are few and slow (a 1 s stream or buffer reading, 30 s leases, reconnect
/// backoffs), so the wheel's ten idle wake-ups a second cost more than the timers themselves
/// (docs/benchmarks.md). A periodic entry may drift by its firing latency (about a millisecond per
/// period): harmless here, since every sample carries its own time. Chosen in hocon/agent.hocon with
/// <c>akka.scheduler.implementation</c>.
/// </summary>
public sealed class OnDemandScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    // The runtime's timer cannot wait longer than this (about 49 days); longer delays wait in steps.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly long Started = Stopwatch.GetTimestamp();

    private readonly ConcurrentDictionary<Entry, byte> _entries = new();
    private volatile bool _disposed;

    public OnDemandScheduler(Config scheduler, ILoggingAdapter log) : base(scheduler, log)
    {
    }

    /// <summary>Entries scheduled and not yet finished, cancelled or disposed.</summary>
    public int Pending => _entries.Count;

    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    public override TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(Started);

    public override TimeSpan HighResMonotonicClock => Stopwatch.GetElapsedTime(Started);

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(delay, null, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(initialDelay, interval, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, null, action, cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, null, action.Run, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, action.Run, cancelable);

    /// <summary>Stops every pending entry; nothing runs after this returns (except an action already running).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var entry in _entries.Keys)
            entry.Stop();
    }

    // Akka passes null when the caller did not ask for a cancelable.
    private void Add(TimeSpan delay, TimeSpan? interval, Action action, ICancelable? cancelable)
    {
        if (_disposed || cancelable is { IsCancellationRequested: true }) return;
        var entry = new Entry(this, action, interval);
        _entries[entry] = 0;
        entry.Start(delay, cancelable);
        // Disposed while adding: Dispose may have missed this entry.
        if (_disposed) entry.Stop();
    }

    private sealed class Entry(OnDemandScheduler owner, Action action, TimeSpan? interval)
    {
        private readonly Lock _gate = new();
        private Timer? _timer;
        private CancellationTokenRegistration _cancellation;
        private TimeSpan _remaining;
        private bool _stopped;

        public void Start(TimeSpan delay, ICancelable? cancelable)
        {
            lock (_gate)
            {
                _timer = new Timer(static state => ((Entry)state!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
            }
            // Registered before the timer runs, so a cancel can never miss a firing entry; runs at once when already cancelled.
            if (cancelable is not null)
                _cancellation = cancelable.Token.Register(static state => ((Entry)state!).Stop(), this);
            Arm(delay);
        }

        public void Stop()
        {
            lock (_gate)
            {
                if (_stopped) return;
                _stopped = true;
                _timer?.Dispose();
            }
            _cancellation.Dispose();
            owner._entries.TryRemove(this, out _);
        }

        private void Arm(TimeSpan delay)
        {
            lock (_gate)
            {
                if (_stopped) return;
                _remaining = delay > MaxTimerDelay ? delay - MaxTimerDelay : TimeSpan.Zero;
                _timer!.Change(delay > MaxTimerDelay ? MaxTimerDelay : delay, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (_gate)
            {
                if (_stopped) return;
            }
            if (_remaining > TimeSpan.Zero)
            {
                Arm(_remaining);
                return;
            }
            try
            {
                action();
            }
            catch (Exception e)
            {
                owner.Log.Error(e, "A scheduled action failed");
            }
            // Re-armed from now, one period at a time: a slow action never makes firings overlap.
            if (interval is { } period) Arm(period);
            else Stop();
        }
    }
}

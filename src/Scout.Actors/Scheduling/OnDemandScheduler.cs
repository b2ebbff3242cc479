using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Scout.Actors.Scheduling;

/// <summary>
/// An Akka scheduler that wakes the process only when something is due: one thread of its own sleeping
/// until the earliest entry, instead of Akka's hashed wheel, which ticks every <c>tick-duration</c> whether
/// anything is due or not. The agent's timers are few and slow (a 1 s stream reading, 30 s leases,
/// reconnect backoffs), and a node's are a few dozen a second (cluster heartbeats and gossip, leases, ask
/// timeouts), so the wheel's hundred idle wake-ups a second cost more than the timers themselves
/// (docs/benchmarks.md). Entries run on that thread, as on Akka's own scheduler (a tell is only an enqueue),
/// rather than on runtime timers, whose callbacks hop through the thread pool: one thread woken per firing
/// instead of three. A periodic entry is re-armed a whole number of periods after the time it was due, never
/// from when it ran (<see cref="NextDue"/>): entries keep the phases they were given and do not drift. Chosen in
/// hocon/agent.hocon and hocon/server.hocon with <c>akka.scheduler.implementation</c>.
/// </summary>
public sealed class OnDemandScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    private readonly ConcurrentDictionary<Entry, byte> _entries = new();
    // A plain object: the thread sleeps on it with Monitor.Wait, which System.Threading.Lock does not offer.
    private readonly object _gate = new();
    // Due time in Stopwatch ticks; cancelled entries stay until they come up and are dropped then.
    private readonly PriorityQueue<Entry, long> _queue = new();
    private Thread? _thread;
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

    /// <summary>
    /// Stops the thread and every repeating entry, runs each one-shot entry still pending once, now, and
    /// refuses new entries from then on, as Akka's own scheduler does on shutdown: Akka schedules the
    /// shutdown of its dispatchers' executors while the system terminates, and a dropped entry would leave
    /// the agent's actor thread (<see cref="AgentThreadExecutor"/>) waiting forever.
    /// </summary>
    public void Dispose()
    {
        List<Entry> outstanding;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            outstanding = _queue.UnorderedItems.Select(item => item.Element).Distinct().ToList();
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
        foreach (var entry in outstanding)
        {
            if (entry.Stopped || entry.Interval is not null)
            {
                entry.Stop();
                continue;
            }
            entry.Stop();
            try
            {
                entry.Action();
            }
            catch (Exception e)
            {
                Log.Error(e, "A scheduled action failed while the scheduler stopped");
            }
        }
        foreach (var entry in _entries.Keys)
            entry.Stop();
    }

    // Akka passes null when the caller did not ask for a cancelable.
    private void Add(TimeSpan delay, TimeSpan? interval, Action action, ICancelable? cancelable)
    {
        if (_disposed) throw new SchedulerException("The scheduler has stopped; nothing more can be scheduled.");
        if (cancelable is { IsCancellationRequested: true }) return;
        var entry = new Entry(this, action, interval);
        _entries[entry] = 0;
        // Registered before it can run, so a cancel never misses it; runs at once when already cancelled.
        if (cancelable is not null)
            entry.Cancellation = cancelable.Token.Register(static state => ((Entry)state!).Stop(), entry);
        Enqueue(entry, Stopwatch.GetTimestamp() + Ticks(delay));
    }

    private void Enqueue(Entry entry, long due)
    {
        lock (_gate)
        {
            if (entry.Stopped) return;
            if (_disposed)
            {
                entry.Stop(); // raced with Dispose: it will not run
                return;
            }
            var earliest = !_queue.TryPeek(out _, out var first) || due < first;
            _queue.Enqueue(entry, due);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "scout-scheduler" };
                _thread.Start();
            }
            else if (earliest)
            {
                Monitor.Pulse(_gate); // the thread sleeps until a later entry: wake it to wait for this one
            }
        }
    }

    private void Run()
    {
        while (TakeDue(out var due) is { } entry)
        {
            try
            {
                entry.Action();
            }
            catch (Exception e)
            {
                Log.Error(e, "A scheduled action failed");
            }
            if (entry.Interval is { } period) Enqueue(entry, NextDue(due, Ticks(period), Stopwatch.GetTimestamp()));
            else entry.Stop();
        }
    }

    /// <summary>
    /// When a periodic entry that was due at <paramref name="due"/> comes up next: the first whole number of
    /// periods after <paramref name="due"/> that is not before <paramref name="now"/>. Counted from the due time,
    /// not from <paramref name="now"/>: a late wake-up fires every entry due meanwhile together, and re-armed from
    /// now they would stay together for good. A thousand one-second streams whose phases were spread over the
    /// second (StreamPhase) were bunched that way into a few dozen bursts within minutes (docs/benchmarks.md). And
    /// at most one firing is ever owed: a slow action or a stalled thread skips what it missed, never piles it up.
    /// </summary>
    public static long NextDue(long due, long period, long now)
    {
        if (period <= 0)
            return now;
        var periods = Math.Max(1, (now - due + period - 1) / period);
        return due + periods * period;
    }

    /// <summary>Sleeps until the earliest live entry is due and takes it, with the time it was due; null once disposed.</summary>
    private Entry? TakeDue(out long takenDue)
    {
        takenDue = 0;
        lock (_gate)
        {
            while (!_disposed)
            {
                if (!_queue.TryPeek(out var entry, out var due))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                if (entry.Stopped)
                {
                    _queue.Dequeue();
                    continue;
                }
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    // Monitor.Wait takes at most int.MaxValue ms (~24 days): longer delays wait in steps.
                    Monitor.Wait(_gate, (int)Math.Min(Math.Ceiling(wait.TotalMilliseconds), int.MaxValue));
                    continue;
                }
                takenDue = due;
                return _queue.Dequeue();
            }
            return null;
        }
    }

    private static long Ticks(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? 0 : (long)Math.Min(delay.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4);

    private sealed class Entry(OnDemandScheduler owner, Action action, TimeSpan? interval)
    {
        private volatile bool _stopped;

        public Action Action => action;

        public TimeSpan? Interval => interval;

        public bool Stopped => _stopped;

        public CancellationTokenRegistration Cancellation { get; set; }

        public void Stop()
        {
            if (_stopped) return;
            _stopped = true;
            Cancellation.Dispose();
            owner._entries.TryRemove(this, out _);
        }
    }
}

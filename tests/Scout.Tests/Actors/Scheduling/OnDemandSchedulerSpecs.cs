using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Scout.Actors;
using Scout.Actors.Scheduling;
using Scout.Agent.Hosting;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Actors.Scheduling;

public sealed class OnDemandSchedulerSpecs(ITestOutputHelper output)
    : ScoutTestKit(output, """akka.scheduler.implementation = "Scout.Actors.Scheduling.OnDemandScheduler, Scout.Actors" """)
{
    // A scheduler of the test's own, so its pending count is only what the test scheduled.
    private static OnDemandScheduler Standalone() => new(ConfigurationFactory.Empty, NoLogger.Instance);

    [Fact]
    public void The_agent_and_node_hocon_name_it_and_Akka_creates_it()
    {
        Assert.IsType<OnDemandScheduler>(Sys.Scheduler);
        Assert.Equal("Scout.Actors.Scheduling.OnDemandScheduler, Scout.Actors", AgentConfig.Load().GetString("akka.scheduler.implementation"));
        Assert.Equal("Scout.Actors.Scheduling.OnDemandScheduler, Scout.Actors", ScoutHocon.Load("server.hocon").GetString("akka.scheduler.implementation"));
    }

    [Fact]
    public void A_scheduled_tell_arrives_no_earlier_than_its_delay()
    {
        var clock = Stopwatch.StartNew();

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(300), TestActor, "due", ActorRefs.NoSender);

        ExpectMsg("due");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"arrived after {clock.Elapsed}");
    }

    [Fact]
    public void A_repeated_tell_repeats_until_cancelled_and_then_leaves_nothing_scheduled()
    {
        using var scheduler = Standalone();
        var cancelable = new Cancelable((IScheduler)scheduler);

        ((IScheduler)scheduler).ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TestActor, "tick", ActorRefs.NoSender, cancelable);
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        cancelable.Cancel();

        AwaitAssert(() => Assert.Equal(0, scheduler.Pending));
    }

    [Fact]
    public void An_entry_cancelled_before_it_is_due_never_runs()
    {
        using var scheduler = Standalone();
        var cancelable = new Cancelable((IScheduler)scheduler);

        ((IScheduler)scheduler).ScheduleTellOnce(TimeSpan.FromMilliseconds(200), TestActor, "due", ActorRefs.NoSender, cancelable);
        cancelable.Cancel();

        Assert.Equal(0, scheduler.Pending);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void A_failing_repeated_action_keeps_repeating()
    {
        using var scheduler = Standalone();
        var calls = 0;

        ((IScheduler)scheduler).Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(50), () =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("first call fails");
            TestActor.Tell("again");
        });

        ExpectMsg("again");
    }

    [Fact]
    public void Disposing_runs_pending_one_shots_once_stops_repeats_and_refuses_new_entries()
    {
        var scheduler = Standalone();
        ((IScheduler)scheduler).ScheduleTellOnce(TimeSpan.FromHours(1), TestActor, "once", ActorRefs.NoSender);
        ((IScheduler)scheduler).ScheduleTellRepeatedly(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TestActor, "repeat", ActorRefs.NoSender);
        Assert.Equal(2, scheduler.Pending);

        // As Akka's own scheduler: outstanding one-shot work (such as a dispatcher's shutdown) still happens.
        scheduler.Dispose();

        ExpectMsg("once");
        Assert.Equal(0, scheduler.Pending);
        Assert.Throws<SchedulerException>(() =>
            ((IScheduler)scheduler).ScheduleTellOnce(TimeSpan.Zero, TestActor, "after", ActorRefs.NoSender));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_cancelled_one_shot_does_not_run_on_dispose()
    {
        var scheduler = Standalone();
        var cancelable = new Cancelable((IScheduler)scheduler);
        ((IScheduler)scheduler).ScheduleTellOnce(TimeSpan.FromHours(1), TestActor, "cancelled", ActorRefs.NoSender, cancelable);
        cancelable.Cancel();

        scheduler.Dispose();

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_periodic_entry_comes_up_a_period_after_it_was_due_not_after_it_ran()
    {
        Assert.Equal(2_000, OnDemandScheduler.NextDue(due: 1_000, period: 1_000, now: 1_300));
        Assert.Equal(2_000, OnDemandScheduler.NextDue(due: 1_000, period: 1_000, now: 1_000));
    }

    [Fact]
    public void A_periodic_entry_late_by_more_than_a_period_skips_what_it_missed()
    {
        Assert.Equal(4_000, OnDemandScheduler.NextDue(due: 1_000, period: 1_000, now: 3_500));
        Assert.Equal(3_000, OnDemandScheduler.NextDue(due: 1_000, period: 1_000, now: 3_000));
    }

    [Fact]
    public void Two_periodic_entries_keep_their_phases_after_a_slow_action_made_both_late()
    {
        using var scheduler = Standalone();
        var first = true;
        // A is due at 0, 1,000, 2,000 ms; B at 500, 1,500, 2,500. A's first run holds the scheduler's thread for
        // 700 ms, so B's first firing comes late, together with A's end. Re-armed from when they ran, both would
        // next fire at about 1,700 ms, together from then on. Half a period apart leaves a loaded machine room.
        ((IScheduler)scheduler).Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(1_000), () =>
        {
            if (first)
            {
                first = false;
                Thread.Sleep(700); // the slow action under test, on the scheduler's own thread
            }
            TestActor.Tell($"A {Stopwatch.GetTimestamp()}"); // strings: the test system serializes every message
        });
        ((IScheduler)scheduler).Advanced.ScheduleRepeatedly(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1_000),
            () => TestActor.Tell($"B {Stopwatch.GetTimestamp()}"));

        var firings = ReceiveN(6, TimeSpan.FromSeconds(10)).Cast<string>().Select(f => f.Split(' '))
            .Select(f => (Name: f[0], At: long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();

        // After the late start: A at 1,000, B at 1,500, A at 2,000 (give or take the machine), never both at once.
        var later = firings.SkipWhile(f => f.Name != "B").Skip(1).Take(3).ToList();
        Assert.Equal(["A", "B", "A"], later.Select(f => f.Name));
        var apart = Stopwatch.GetElapsedTime(later[0].At, later[1].At);
        Assert.True(apart > TimeSpan.FromMilliseconds(250), $"A and B fired {apart.TotalMilliseconds:0} ms apart: their phases merged");
    }

    [Fact]
    public void An_actor_periodic_timer_ticks_on_it()
    {
        var ticker = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)), "ticker");

        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        Sys.Stop(ticker);
    }

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        public Ticker(IActorRef probe)
        {
            Receive<string>(tick => probe.Tell(tick));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        // A string, so serialize-messages = on has a serializer for it.
        protected override void PreStart() => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(50));
    }
}

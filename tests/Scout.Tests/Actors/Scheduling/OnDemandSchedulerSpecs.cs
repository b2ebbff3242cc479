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

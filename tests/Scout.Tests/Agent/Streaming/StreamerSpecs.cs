using Akka.Actor;
using Akka.TestKit.Xunit2;
using Scout.Actors.AgentWire;
using Scout.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Streaming;

public sealed class StreamerSpecs : TestKit
{
    private static AgentDirectives.StartStreaming Start(int intervalMs, int leaseMs = 30_000) => new(intervalMs, leaseMs, false);

    private IActorRef StartStreamer(FakeMetricsSource source, AgentDirectives.StartStreaming start, IActorRef? buffer = null) =>
        Sys.ActorOf(Streamer.Props(source, TestActor, buffer, start), "streamer");

    [Fact]
    public void Takes_the_first_reading_at_once_not_after_an_interval()
    {
        StartStreamer(new FakeMetricsSource(), Start(5000));

        ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Takes_one_reading_per_interval()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StartStreamer(new FakeMetricsSource(), Start(300));
        ExpectMsg<StreamerProtocol.StreamedSample>();

        // The fifth tick is due 1500 ms after the start: a broken timer never brings it, a duplicated one
        // brings it at about 750 ms. Only the lower bound is timed: a loaded machine makes ticks late, never early.
        for (var i = 0; i < 5; i++)
            ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(3)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1300),
            $"five more readings came in {clock.ElapsedMilliseconds} ms; at 300 ms each they take about 1500 ms");
    }

    [Fact]
    public void Streams_started_together_take_their_next_readings_spread_over_the_interval()
    {
        const int streams = 12;
        for (var i = 0; i < streams; i++)
            Sys.ActorOf(Streamer.Props(new FakeMetricsSource(), TestActor, null, Start(2000)), $"streamer-{i}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = new Dictionary<IActorRef, TimeSpan>();
        var second = new Dictionary<IActorRef, TimeSpan>();

        while (second.Count < streams)
        {
            ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(5)));
            if (!first.TryAdd(LastSender, clock.Elapsed))
                second.TryAdd(LastSender, clock.Elapsed);
        }

        // Half an interval at least between a stream's first two readings (the wheel may fire a tick early).
        Assert.All(second, s => Assert.True(s.Value - first[s.Key] >= TimeSpan.FromMilliseconds(900),
            $"a second reading came {(s.Value - first[s.Key]).TotalMilliseconds} ms after the first"));
        // Started together, at one phase they would all come within a few ms; at random phases over two seconds, twelve
        // span less than 600 ms fewer than once in 50,000 runs. (Two seconds, so that only a stall of seconds on a busy
        // machine, delivering every due tick at once, could squeeze them.)
        var spread = second.Values.Max() - second.Values.Min();
        Assert.True(spread >= TimeSpan.FromMilliseconds(600), $"the second readings of {streams} streams came within {spread.TotalMilliseconds} ms");
    }

    [Fact]
    public void Sends_each_reading_to_the_buffer_as_well()
    {
        var buffer = CreateTestProbe();
        StartStreamer(new FakeMetricsSource(), Start(1000), buffer);

        var toTarget = ExpectMsg<StreamerProtocol.StreamedSample>();
        var toBuffer = buffer.ExpectMsg<StreamerProtocol.StreamedSample>();
        Assert.Same(toTarget.Sample, toBuffer.Sample);
    }

    [Fact]
    public void Tells_the_buffer_when_the_stream_ends()
    {
        var buffer = CreateTestProbe();
        var streamer = StartStreamer(new FakeMetricsSource(), Start(1000), buffer);
        buffer.ExpectMsg<StreamerProtocol.StreamedSample>();

        streamer.Tell(new AgentDirectives.StopStreaming("nobody watches"));

        buffer.FishForMessage(m => m is StreamerProtocol.StreamerStopped);
    }

    [Fact]
    public void A_slower_interval_lets_the_buffer_decide_again_whether_it_must_read()
    {
        var buffer = CreateTestProbe();
        var streamer = StartStreamer(new FakeMetricsSource(), Start(1000), buffer);
        buffer.ExpectMsg<StreamerProtocol.StreamedSample>();

        streamer.Tell(Start(5000));

        buffer.FishForMessage(m => m is StreamerProtocol.StreamerStopped);
    }

    [Fact]
    public void Stops_on_a_stop_directive()
    {
        var streamer = StartStreamer(new FakeMetricsSource(), Start(250));
        ExpectMsg<StreamerProtocol.StreamedSample>();
        Watch(streamer);

        streamer.Tell(new AgentDirectives.StopStreaming("nobody watches"));

        FishForMessage(m => m is Terminated t && t.ActorRef.Equals(streamer));
        ExpectNoMsg(TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public void Stops_by_itself_when_the_lease_runs_out()
    {
        var streamer = StartStreamer(new FakeMetricsSource(), Start(5000, leaseMs: 2000));
        Watch(streamer);

        ExpectMsg<StreamerProtocol.StreamedSample>();
        // Still streaming well before the lease ends (the margin lets a loaded machine be late)...
        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(800)));
        // ...and gone soon after it.
        FishForMessage(m => m is Terminated, Dilated(TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void A_repeated_start_renews_the_lease()
    {
        var lease = Dilated(TimeSpan.FromMilliseconds(3000));
        var streamer = StartStreamer(new FakeMetricsSource(), Start(250, leaseMs: (int)lease.TotalMilliseconds));
        Watch(streamer);

        // Renew every sixth of a lease for 1.5 leases: without renewals it would have stopped; with them it
        // never comes near its deadline, even when a loaded machine delays a renewal by two seconds.
        var seen = new List<object>();
        for (var i = 0; i < 9; i++)
        {
            seen.AddRange(ReceiveWhile<object>(lease / 6, m => m));
            streamer.Tell(Start(250, leaseMs: (int)lease.TotalMilliseconds));
        }

        Assert.DoesNotContain(seen, m => m is Terminated);
        Assert.True(seen.Count(m => m is StreamerProtocol.StreamedSample) >= 3);
        // Renewals stop: so does the stream.
        FishForMessage(m => m is Terminated, lease * 2);
    }

    [Fact]
    public void A_second_start_updates_the_interval_of_the_running_stream()
    {
        var streamer = StartStreamer(new FakeMetricsSource(), Start(60_000));
        ExpectMsg<StreamerProtocol.StreamedSample>();

        streamer.Tell(Start(300));

        // At one a minute not one more reading would come for a minute; three soon means the new interval holds.
        for (var i = 0; i < 3; i++)
            ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void An_interval_below_250_ms_is_clamped()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StartStreamer(new FakeMetricsSource(), Start(10));
        ExpectMsg<StreamerProtocol.StreamedSample>();

        // At 10 ms four more readings would take 40 ms; clamped to 250 ms they take about a second.
        // Only the lower bound is timed: a loaded machine makes ticks late, never early.
        for (var i = 0; i < 4; i++)
            ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(3)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(850),
            $"four more readings came in {clock.ElapsedMilliseconds} ms; at 250 ms each they take about 1000 ms");
    }

    [Theory]
    [InlineData(10, 250)]
    [InlineData(0, 1000)]
    [InlineData(-5, 1000)]
    [InlineData(500, 500)]
    public void Interval_settings_apply_default_and_minimum(int requestedMs, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), StreamerSettings.IntervalOf(requestedMs));
    }

    [Fact]
    public void A_failing_reading_skips_that_tick_and_the_stream_goes_on()
    {
        var source = new FakeMetricsSource(failOn: n => n == 2);
        var streamer = StartStreamer(source, Start(250));
        Watch(streamer);

        ExpectMsg<StreamerProtocol.StreamedSample>();
        ExpectMsg<StreamerProtocol.StreamedSample>(Dilated(TimeSpan.FromSeconds(2)));
        Assert.True(source.Reads >= 3);
        // The failure did not kill the streamer: no Terminated among what follows.
        var later = ReceiveWhile<object>(Dilated(TimeSpan.FromMilliseconds(600)), m => m);
        Assert.DoesNotContain(later, m => m is Terminated);
        Assert.Contains(later, m => m is StreamerProtocol.StreamedSample);
    }
}

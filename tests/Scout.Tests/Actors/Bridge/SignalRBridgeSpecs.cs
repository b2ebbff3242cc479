using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Scout.Actors.AccountSessions;
using Scout.Actors.Bridge;
using Scout.Actors.SampleIntake;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Scout.Actors.AccountSessions.SessionProtocol;

namespace Scout.Tests.Actors.Bridge;

public sealed class SignalRBridgeSpecs(ITestOutputHelper output) : ScoutTestKit(output)
{
    /// <summary>Records pushes; sends to a connection in <c>Stalled</c> hang, like a client that never reads,
    /// until <see cref="Release"/>.</summary>
    private sealed class RecordingPush : IWatcherPush
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _hanging = new();

        public ConcurrentQueue<string> Pushed { get; } = new();
        public ConcurrentDictionary<string, bool> Stalled { get; } = new();

        private Task Done(string what, IEnumerable<string> connections)
        {
            Pushed.Enqueue(what);
            if (!connections.Any(Stalled.ContainsKey))
                return Task.CompletedTask;
            var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _hanging.Enqueue(hang);
            return hang.Task;
        }

        /// <summary>The stalled client reads again: its sends complete.</summary>
        public void Release()
        {
            Stalled.Clear();
            while (_hanging.TryDequeue(out var hang))
                hang.SetResult();
        }

        public IEnumerable<string> SamplesTo(string connection) =>
            Pushed.Where(p => p.StartsWith($"sample:{connection}:"));

        /// <summary>The SignalR groups as the bridge keeps them in step with its own.</summary>
        public ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> Groups { get; } = new();

        public int GroupSends;

        public Task JoinGroup(string connectionId, string serverId)
        {
            Groups.GetOrAdd(serverId, _ => new())[connectionId] = true;
            return Task.CompletedTask;
        }

        public Task LeaveGroup(string connectionId, string serverId)
        {
            if (Groups.TryGetValue(serverId, out var members))
                members.TryRemove(connectionId, out _);
            return Task.CompletedTask;
        }

        /// <summary>Recorded as the sample each member gets; hangs when any member is stalled, as SignalR's does.</summary>
        public Task SendSampleToGroup(string serverId, EncodedSample sample)
        {
            Interlocked.Increment(ref GroupSends);
            var members = Groups.TryGetValue(serverId, out var m) ? m.Keys.Order().ToList() : [];
            foreach (var member in members.Skip(1))
                Pushed.Enqueue($"sample:{member}:{sample.ServerId}:{sample.Time}");
            return members.Count == 0 ? Task.CompletedTask : Done($"sample:{members[0]}:{sample.ServerId}:{sample.Time}", members);
        }

        public Task SendSample(string connectionId, EncodedSample sample) =>
            Done($"sample:{connectionId}:{sample.ServerId}:{sample.Time}", [connectionId]);
        public Task SendBackfill(IReadOnlyList<string> connectionIds, string serverId, IReadOnlyList<EncodedSample> samples) =>
            Done($"backfill:{serverId}:{samples.Count}:{string.Join(",", connectionIds.Order())}", connectionIds);
        public Task SendServerStatus(IReadOnlyList<string> connectionIds, string serverId, bool online) =>
            Done($"status:{serverId}:{online}:{string.Join(",", connectionIds.Order())}", connectionIds);
        public Task SendStreamStalled(IReadOnlyList<string> connectionIds, string serverId, long? lastSampleTime) =>
            Done($"stalled:{serverId}:{lastSampleTime}:{string.Join(",", connectionIds.Order())}", connectionIds);
        public Task SendStreamResumed(IReadOnlyList<string> connectionIds, string serverId) =>
            Done($"resumed:{serverId}:{string.Join(",", connectionIds.Order())}", connectionIds);
        public Task SendStreamEnded(IReadOnlyList<string> connectionIds, string serverId, string reason) =>
            Done($"ended:{serverId}:{reason}:{string.Join(",", connectionIds)}", connectionIds);
    }

    private (IActorRef Bridge, TestProbe Sessions, RecordingPush Push) StartBridge(int maxUnsentSamples = 10)
    {
        var sessions = CreateTestProbe();
        var push = new RecordingPush();
        return (Sys.ActorOf(SignalRBridge.Props(push, sessions.Ref, maxUnsentSamples)), sessions, push);
    }

    /// <summary>A watch the session accepted (the hub's asker is a probe of its own, not the test actor).</summary>
    private void Watching(IActorRef bridge, TestProbe sessions, string connection, string server)
    {
        bridge.Tell(new BridgeProtocol.StartWatching(connection, "acc-1", server), CreateTestProbe().Ref);
        sessions.ExpectMsg<Watch>();
        bridge.Tell(Accepted(connection, server), sessions.Ref);
    }

    private BridgeProtocol.Stats Stats(IActorRef bridge)
    {
        bridge.Tell(BridgeProtocol.GetStats.Instance);
        return ExpectMsg<BridgeProtocol.Stats>();
    }

    private static WatchAccepted Accepted(string connection, string server) => new(server, connection, 1000, true);

    [Fact]
    public void Forwards_a_watch_to_the_session_and_the_answer_to_the_hub()
    {
        var (bridge, sessions, _) = StartBridge();

        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"), TestActor);
        var watch = sessions.ExpectMsg<Watch>();
        Assert.Equal(("acc-1", "srv-1", "conn-1", bridge), (watch.AccountId, watch.ServerId, watch.ConnectionId, watch.Subscriber));
        bridge.Tell(Accepted("conn-1", "srv-1"), sessions.Ref);

        Assert.Equal("srv-1", ExpectMsg<WatchAccepted>().ServerId);
    }

    [Fact]
    public void A_closed_connection_unwatches_everything_it_watched()
    {
        var (bridge, sessions, _) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-2"));
        sessions.ExpectMsg<Watch>();
        sessions.ExpectMsg<Watch>();

        bridge.Tell(new BridgeProtocol.ConnectionClosed("conn-1"));

        var servers = new[] { sessions.ExpectMsg<Unwatch>().ServerId, sessions.ExpectMsg<Unwatch>().ServerId };
        Assert.Equal(["srv-1", "srv-2"], servers.Order());
    }

    [Fact]
    public void A_sample_goes_only_to_the_connections_watching_its_server()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-3", "acc-1", "srv-2"));

        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 7)));

        AwaitAssert(() => Assert.Equal(["sample:conn-1:srv-1:7", "sample:conn-2:srv-1:7"], push.Pushed.Order()));
    }

    [Fact]
    public void While_every_watcher_keeps_up_a_sample_is_one_group_send()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));

        for (var i = 0; i < 5; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));

        Assert.Equal(10, Stats(bridge).SamplesPushed);
        Assert.Equal(5, push.GroupSends);
        Assert.Equal(5, push.SamplesTo("conn-2").Count());
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("closed")]
    [InlineData("ended")]
    public void A_watcher_that_leaves_leaves_the_signalr_group_too(string how)
    {
        var (bridge, sessions, push) = StartBridge();
        foreach (var connection in new[] { "conn-1", "conn-2", "conn-3" })
            Watching(bridge, sessions, connection, "srv-1");

        bridge.Tell(how switch
        {
            "stop" => new BridgeProtocol.StopWatching("conn-2", "srv-1"),
            "closed" => new BridgeProtocol.ConnectionClosed("conn-2"),
            _ => new SessionProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-2"]),
        }, sessions.Ref);
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 1)));

        Assert.Equal(2, Stats(bridge).Watches);
        Assert.Equal(["conn-1", "conn-3"], push.Groups["srv-1"].Keys.Order());
        Assert.Empty(push.SamplesTo("conn-2"));
        Assert.Single(push.SamplesTo("conn-3"));
    }

    [Fact]
    public void A_slow_client_neither_holds_up_the_mailbox_nor_the_other_watchers()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 10);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-fast", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;

        for (var i = 0; i < 100; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));

        AwaitAssert(() => Assert.Equal(100, push.SamplesTo("conn-fast").Count()));
        var stats = Stats(bridge);
        // The first sample was a group send, which hung: from then on each connection on its own, and the
        // slow one only up to its 10 unfinished sends.
        Assert.Equal(1, push.GroupSends);
        Assert.Equal(11, push.SamplesTo("conn-slow").Count());
        Assert.Equal((111L, 89L), (stats.SamplesPushed, stats.SamplesDropped));
    }

    [Fact]
    public void Group_sends_resume_once_the_slow_watcher_caught_up()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 2);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-fast", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        for (var i = 0; i < 5; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));
        // One group send (hung), two to conn-slow on its own (its limit), two dropped.
        Assert.Equal(2, Stats(bridge).SamplesDropped);
        Assert.Equal(1, push.GroupSends);

        push.Release();

        AwaitAssert(() =>
        {
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 99)));
            Stats(bridge);
            Assert.True(push.GroupSends >= 2, "group sends resumed");
        });
    }

    [Fact]
    public void A_slow_client_that_catches_up_gets_samples_again()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 2);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        for (var i = 0; i < 5; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));
        AwaitAssert(() => Assert.Equal(3, Stats(bridge).SamplesDropped));

        push.Release();
        // Once its sends completed the connection is no longer behind.
        AwaitAssert(() =>
        {
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 99)));
            Assert.Contains("sample:conn-slow:srv-1:99", push.Pushed);
        });
    }

    [Fact]
    public void Watching_again_does_not_give_a_slow_client_a_fresh_allowance()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 2);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        for (var i = 0; i < 3; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));

        bridge.Tell(new BridgeProtocol.StopWatching("conn-slow", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 9)));

        Assert.Equal(2, Stats(bridge).SamplesDropped);
        Assert.Equal(2, push.SamplesTo("conn-slow").Count());
    }

    [Fact]
    public void A_connection_falling_behind_is_logged_once_until_it_caught_up()
    {
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log.Ref, typeof(LogEvent));
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 2);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        for (var i = 0; i < 5; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));
        Assert.Equal(3, Stats(bridge).SamplesDropped);

        push.Release();

        // The bridge published its lines in order, so all warnings about the three drops came before "caught up".
        var lines = LinesUntil(log, "caught up");
        Assert.Single(lines, l => l.Contains("is not reading its samples"));

        // Caught up, it is logged again the next time it falls behind.
        push.Stalled["conn-slow"] = true;
        for (var i = 5; i < 8; i++)
            bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));
        LinesUntil(log, "is not reading its samples");
    }

    private static List<string> LinesUntil(TestProbe log, string text)
    {
        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].Contains(text))
            lines.Add(log.ExpectMsg<LogEvent>().Message.ToString() ?? "");
        return lines;
    }

    [Fact]
    public void A_connection_that_stopped_watching_is_not_counted_while_its_sends_hang()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 2);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 0)));

        bridge.Tell(new BridgeProtocol.StopWatching("conn-slow", "srv-1"));

        var stats = Stats(bridge);
        Assert.Equal((0, 0), (stats.Connections, stats.Watches));
    }

    [Fact]
    public void A_backfill_skips_a_connection_that_is_behind()
    {
        var (bridge, _, push) = StartBridge(maxUnsentSamples: 1);
        bridge.Tell(new BridgeProtocol.StartWatching("conn-slow", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-fast", "acc-1", "srv-1"));
        push.Stalled["conn-slow"] = true;
        // The first goes to the group and hangs; the second goes per connection and makes conn-slow "behind".
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 0)));
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 1)));

        bridge.Tell(new SessionProtocol.DeliverBackfill("srv-1", [Samples.Encoded("srv-1", 2), Samples.Encoded("srv-1", 3)], ["conn-slow", "conn-fast"]));

        Assert.Equal(2, Stats(bridge).SamplesDropped);
        Assert.Contains("backfill:srv-1:2:conn-fast", push.Pushed);
    }

    [Fact]
    public void A_backfill_from_a_session_of_the_previous_version_naming_no_connections_goes_to_the_group()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));

        bridge.Tell(new SessionProtocol.DeliverBackfill("srv-1", [Samples.Encoded("srv-1", 2)], null!));

        AwaitAssert(() => Assert.Contains("backfill:srv-1:1:conn-1,conn-2", push.Pushed));
    }

    [Fact]
    public void A_backfill_goes_only_to_the_connections_it_was_asked_for_that_still_watch_the_server()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-had-it", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-new", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-other", "acc-1", "srv-2"));

        bridge.Tell(new SessionProtocol.DeliverBackfill("srv-1", [Samples.Encoded("srv-1", 2)], ["conn-new", "conn-other", "conn-gone"]));

        AwaitAssert(() => Assert.Contains("backfill:srv-1:1:conn-new", push.Pushed));
        Assert.DoesNotContain(push.Pushed, p => p.StartsWith("backfill:") && !p.EndsWith(":conn-new"));
    }

    [Fact]
    public void A_stream_end_spares_a_watcher_that_asked_to_watch_again_meanwhile()
    {
        var (bridge, sessions, push) = StartBridge();
        Watching(bridge, sessions, "conn-1", "srv-1");
        // The session ends conn-1's stream while conn-1 already asks again (its new Watch reaches the
        // session after the end, so it starts the next stream).
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"), CreateTestProbe().Ref);

        bridge.Tell(new SessionProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-1"]), sessions.Ref);
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 5)));

        Assert.Equal(1, Stats(bridge).Watches);
        Assert.Contains("sample:conn-1:srv-1:5", push.Pushed);
    }

    [Fact]
    public void An_ended_stream_takes_its_watchers_out_of_the_group()
    {
        var (bridge, sessions, push) = StartBridge();
        Watching(bridge, sessions, "conn-1", "srv-1");
        Watching(bridge, sessions, "conn-2", "srv-1");

        bridge.Tell(new SessionProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-1", "conn-2"]), sessions.Ref);
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 1)));

        Assert.Equal(0, Stats(bridge).Watches);
        Assert.Equal(["ended:srv-1:max-length:conn-1,conn-2"], push.Pushed);
    }

    [Fact]
    public void A_watch_made_after_the_stream_ended_stays()
    {
        var (bridge, sessions, push) = StartBridge();
        Watching(bridge, sessions, "conn-old", "srv-1");
        Watching(bridge, sessions, "conn-new", "srv-1");

        // The session ended the stream of conn-old only; conn-new's watch reached it afterwards.
        bridge.Tell(new SessionProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-old"]), sessions.Ref);
        bridge.Tell(new SessionProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", 1)));

        Assert.Equal(1, Stats(bridge).Watches);
        Assert.Equal(["sample:conn-new:srv-1:1"], push.SamplesTo("conn-new").Concat(push.SamplesTo("conn-old")));
    }

    [Fact]
    public void A_stall_and_its_end_go_to_every_watcher_of_the_server_and_no_one_else()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-3", "acc-1", "srv-2"));

        bridge.Tell(new SessionProtocol.StreamStalled("srv-1", 1234));
        bridge.Tell(new SessionProtocol.StreamResumed("srv-1"));

        AwaitAssert(() => Assert.Equal(["stalled:srv-1:1234:conn-1,conn-2", "resumed:srv-1:conn-1,conn-2"], push.Pushed));
    }

    [Fact]
    public void Server_status_goes_to_every_watcher_of_the_server()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));

        bridge.Tell(new SessionProtocol.ServerStatus("srv-1", false));
        bridge.Tell(new SessionProtocol.ServerStatus("srv-unwatched", false));

        AwaitAssert(() => Assert.Equal(["status:srv-1:False:conn-1,conn-2"], push.Pushed));
    }

    [Fact]
    public void A_new_watch_is_sent_again_until_its_session_answers()
    {
        var (bridge, sessions, _) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));

        // The first is lost on the way (the shard's last home died): the same watch comes again.
        var first = sessions.ExpectMsg<Watch>();
        var second = sessions.ExpectMsg<Watch>(Dilated(SignalRBridge.RegisterRetry * 3));
        Assert.Equal(first, second);
        bridge.Tell(Accepted("conn-1", "srv-1"), CreateTestProbe().Ref);
        ExpectMsg<WatchAccepted>();
        sessions.ExpectNoMsg(Dilated(SignalRBridge.RegisterRetry * 2));
    }

    [Fact]
    public void A_watch_stopped_before_its_answer_is_not_sent_again()
    {
        var (bridge, sessions, _) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        sessions.ExpectMsg<Watch>();

        bridge.Tell(new BridgeProtocol.StopWatching("conn-1", "srv-1"));

        sessions.ExpectMsg<Unwatch>();
        sessions.ExpectNoMsg(Dilated(SignalRBridge.RegisterRetry * 2));
    }

    [Fact]
    public void Watches_are_registered_again_when_the_session_moves()
    {
        var (bridge, sessions, _) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        sessions.ExpectMsg<Watch>();
        var oldSession = CreateTestProbe();
        bridge.Tell(Accepted("conn-1", "srv-1"), oldSession.Ref);

        oldSession.Ref.Tell(PoisonPill.Instance);

        var again = sessions.ExpectMsg<Watch>();
        Assert.Equal(("acc-1", "srv-1", "conn-1"), (again.AccountId, again.ServerId, again.ConnectionId));
    }

    [Fact]
    public void Watches_registered_again_are_sent_again_until_a_session_answers_with_when_they_began()
    {
        var (bridge, sessions, _) = StartBridge();
        var before = Samples.Now;
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        sessions.ExpectMsg<Watch>();
        var oldSession = CreateTestProbe();
        bridge.Tell(Accepted("conn-1", "srv-1"), oldSession.Ref);

        oldSession.Ref.Tell(PoisonPill.Instance);

        // Lost on the way (sent to a dead node's shard): sent again, as long as no session answers.
        var first = sessions.ExpectMsg<Watch>();
        var second = sessions.ExpectMsg<Watch>(Dilated(SignalRBridge.RegisterRetry * 3));
        Assert.Equal(first, second);
        Assert.InRange(first.WatchingSince!.Value, before, Samples.Now);
        var newSession = CreateTestProbe();
        bridge.Tell(Accepted("conn-1", "srv-1"), newSession.Ref);
        sessions.ExpectNoMsg(Dilated(SignalRBridge.RegisterRetry * 2));
    }
}

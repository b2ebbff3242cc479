using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Scout.Actors.Bridge;
using Scout.Actors.Metrics;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Scout.Actors.Sessions.SessionProtocol;

namespace Scout.Tests.Actors.Bridge;

public sealed class SignalRBridgeSpecs(ITestOutputHelper output) : ScoutTestKit(output)
{
    /// <summary>Records pushes; <c>Stall</c> makes every send hang like a client that never reads.</summary>
    private sealed class RecordingPush : IWatcherPush
    {
        public ConcurrentQueue<string> Pushed { get; } = new();
        public ConcurrentQueue<(string Connection, string Server)> Removed { get; } = new();
        public bool Stall { get; init; }

        private Task Done(string what)
        {
            Pushed.Enqueue(what);
            return Stall ? new TaskCompletionSource().Task : Task.CompletedTask;
        }

        public Task SendSample(string serverId, EncodedSample sample) => Done($"sample:{serverId}:{sample.Time}");
        public Task SendBackfill(string serverId, IReadOnlyList<EncodedSample> samples) => Done($"backfill:{serverId}:{samples.Count}");
        public Task SendServerStatus(string serverId, bool online) => Done($"status:{serverId}:{online}");
        public Task SendStreamEnded(string serverId, string reason, IReadOnlyList<string> connectionIds) =>
            Done($"ended:{serverId}:{reason}:{string.Join(",", connectionIds)}");

        public Task RemoveFromServerGroup(string connectionId, string serverId)
        {
            Removed.Enqueue((connectionId, serverId));
            return Task.CompletedTask;
        }
    }

    private (IActorRef Bridge, TestProbe Sessions, RecordingPush Push) StartBridge(bool stall = false)
    {
        var sessions = CreateTestProbe();
        var push = new RecordingPush { Stall = stall };
        return (Sys.ActorOf(SignalRBridge.Props(push, sessions.Ref)), sessions, push);
    }

    private static WatchAccepted Accepted(string connection, string server) => new(server, connection, 1000, true, []);

    [Fact]
    public void Forwards_a_watch_to_the_session_and_the_answer_to_the_hub()
    {
        var (bridge, sessions, _) = StartBridge();

        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"), TestActor);
        var watch = sessions.ExpectMsg<Watch>();
        Assert.Equal(("acc-1", "srv-1", "conn-1", bridge), (watch.AccountId, watch.ServerId, watch.WatcherId, watch.Bridge));
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
    public void A_slow_client_does_not_hold_up_the_mailbox()
    {
        var (bridge, _, push) = StartBridge(stall: true);

        for (var i = 0; i < 100; i++)
            bridge.Tell(new BridgeProtocol.DeliverSample("srv-1", Samples.Encoded("srv-1", i)));

        AwaitAssert(() => Assert.Equal(100, push.Pushed.Count));
        bridge.Tell(BridgeProtocol.GetStats.Instance);
        Assert.Equal(100, ExpectMsg<BridgeProtocol.Stats>().SamplesPushed);
    }

    [Fact]
    public void An_ended_stream_takes_its_watchers_out_of_the_group()
    {
        var (bridge, sessions, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-1", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-2", "acc-1", "srv-1"));

        bridge.Tell(new BridgeProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-1", "conn-2"]));

        AwaitAssert(() =>
        {
            Assert.Contains("ended:srv-1:max-length:conn-1,conn-2", push.Pushed);
            Assert.Equal(["conn-1", "conn-2"], push.Removed.Select(r => r.Connection).Order());
        });
        bridge.Tell(BridgeProtocol.GetStats.Instance);
        Assert.Equal(0, ExpectMsg<BridgeProtocol.Stats>().Watches);
    }

    [Fact]
    public void A_watch_made_after_the_stream_ended_stays()
    {
        var (bridge, _, push) = StartBridge();
        bridge.Tell(new BridgeProtocol.StartWatching("conn-old", "acc-1", "srv-1"));
        bridge.Tell(new BridgeProtocol.StartWatching("conn-new", "acc-1", "srv-1"));

        // The session ended the stream of conn-old only; conn-new's watch reached it afterwards.
        bridge.Tell(new BridgeProtocol.StreamEnded("srv-1", EndReasons.MaxLength, ["conn-old"]));

        AwaitAssert(() => Assert.Equal(["conn-old"], push.Removed.Select(r => r.Connection)));
        bridge.Tell(BridgeProtocol.GetStats.Instance);
        Assert.Equal(1, ExpectMsg<BridgeProtocol.Stats>().Watches);
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
        Assert.Equal(("acc-1", "srv-1", "conn-1"), (again.AccountId, again.ServerId, again.WatcherId));
    }
}

using System.Threading.Channels;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Link;

public sealed class AgentLinkSpecs : TestKit
{
    private const string Key = "agent-key-for-tests";

    private readonly HubRecorder _recorder = new();

    private static AgentOptions Options(Uri server, string key = Key) => new()
    {
        Servers = [server],
        Key = key,
        Hostname = "test-host",
        Reconnect = new ReconnectSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), 0.2),
    };

    private async Task<T> Next<T>(Channel<T> channel, double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(Dilated(TimeSpan.FromSeconds(seconds)));
        return await channel.Reader.ReadAsync(timeout.Token);
    }

    private AgentLinkProtocol.LinkStatus Status(IActorRef link)
    {
        link.Tell(AgentLinkProtocol.GetStatus.Instance, TestActor);
        return ExpectMsg<AgentLinkProtocol.LinkStatus>();
    }

    /// <summary>A link to <paramref name="hub"/> in backfill slices of 5, connected, whose local buffer holds a sample
    /// a second for the last <paramref name="buffered"/> seconds.</summary>
    private async Task<IActorRef> ConnectedWithBuffered(TestAgentHubHost hub, int buffered)
    {
        var buffer = Sys.ActorOf(LocalBuffer.Props(new FakeMetricsSource(), LocalBufferSettings.Default));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = buffered; i >= 1; i--)
            buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now - i * 1000)));
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url) with { BackfillBatchSize = 5 }, new FakeMetricsSource(), buffer), "link");
        await Next(_recorder.Connections);
        await AwaitState(link, "connected");
        return link;
    }

    private async Task AwaitState(IActorRef link, string state, double seconds = 10) =>
        await AwaitAssertAsync(() => Assert.Equal(state, Status(link).State), Dilated(TimeSpan.FromSeconds(seconds)), TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task Connects_with_its_hostname_and_streams_nothing_before_a_directive()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var source = new FakeMetricsSource();
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), source, buffer: null), "link");

        var connection = await Next(_recorder.Connections);
        Assert.Equal("test-host", connection.Hostname);
        await AwaitAssertAsync(() => Assert.Equal(_recorder.ServerId, Status(link).ServerId), Dilated(TimeSpan.FromSeconds(5)));
        Assert.Equal(hub.Url, Status(link).Server);

        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(1200)));
        Assert.False(Status(link).Streaming);
        Assert.Equal(0, source.Reads);
        Assert.False(_recorder.Samples.Reader.TryRead(out _));
    }

    [Fact]
    public async Task After_Welcome_a_start_directive_makes_samples_arrive_stamped_with_the_server_id()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), new FakeMetricsSource(), buffer: null), "link");
        await Next(_recorder.Connections);
        await AwaitState(link, "connected");

        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));

        var first = await Next(_recorder.Samples);
        var second = await Next(_recorder.Samples);
        Assert.Equal(_recorder.ServerId, first.ServerId);
        Assert.Equal(_recorder.ServerId, second.ServerId);
        Assert.True(second.Time >= first.Time);
    }

    [Fact]
    public async Task A_second_start_updates_the_running_stream_instead_of_starting_another()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), new FakeMetricsSource(), buffer: null), "link");
        await Next(_recorder.Connections);
        await AwaitState(link, "connected");

        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(1000, 30_000, false));
        await Next(_recorder.Samples);
        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(1000, 30_000, false));

        await Next(_recorder.Samples);

        // Exactly one streamer child answers; a second start that made another would give two.
        Sys.ActorSelection($"{link.Path}/streamer-*").Tell(new Identify("streamers"), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.NotNull(identity.Subject);
        Assert.EndsWith("streamer-1", identity.Subject.Path.Name);
        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Sends_the_local_buffer_once_when_the_directive_asks_for_backfill()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        await ConnectedWithBuffered(hub, buffered: 7);

        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(1000, 30_000, true));

        var slices = new[] { await Next(_recorder.Backfills), await Next(_recorder.Backfills) };
        var all = slices.SelectMany(s => s).ToArray();
        Assert.Equal(5, slices[0].Length);
        Assert.True(all.Length >= 7);
        Assert.All(all, s => Assert.Equal(_recorder.ServerId, s.ServerId));
        Assert.Equal(all.OrderBy(s => s.Time).Select(s => s.Time), all.Select(s => s.Time));
    }

    [Fact]
    public async Task A_repeated_start_asking_for_backfill_sends_the_buffer_again_while_the_stream_runs()
    {
        // Nodes keep no samples: a watcher joining a running stream gets its history this way.
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var link = await ConnectedWithBuffered(hub, buffered: 3);
        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(1000, 30_000, true));
        var first = await Next(_recorder.Backfills);
        await Next(_recorder.Samples);

        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(1000, 30_000, true));

        var again = await Next(_recorder.Backfills);
        Assert.True(again.Length >= first.Length);
        Assert.Equal(first[0].Time, again[0].Time);
        Assert.True(Status(link).Streaming);
    }

    [Fact]
    public async Task Reconnects_after_the_server_goes_away_and_comes_back_on_the_same_port()
    {
        var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var port = hub.Port;
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), new FakeMetricsSource(), buffer: null), "link");
        await Next(_recorder.Connections);
        await AwaitState(link, "connected");
        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
        await Next(_recorder.Samples);

        await hub.DisposeAsync();
        await AwaitState(link, "reconnecting");
        // The stream ends with the connection: the server restarts it through the session.
        Assert.False(Status(link).Streaming);
        Assert.Null(Status(link).ServerId);

        await using var again = await TestAgentHubHost.StartAsync(_recorder, Key, port);
        await Next(_recorder.Connections, seconds: 10);
        await AwaitState(link, "connected");
        while (_recorder.Samples.Reader.TryRead(out _)) { }
        await again.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
        Assert.Equal(_recorder.ServerId, (await Next(_recorder.Samples)).ServerId);
    }

    [Fact]
    public async Task A_refused_key_stops_the_link_and_tells_its_parent_without_retrying()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var parent = CreateTestProbe();
        var link = parent.ChildActorOf(AgentLink.Props(Options(hub.Url, key: "wrong-key"), new FakeMetricsSource(), buffer: null), "link");
        Watch(link);

        var refused = parent.ExpectMsg<AgentLinkProtocol.KeyRefused>(Dilated(TimeSpan.FromSeconds(10)));
        Assert.Equal(401, refused.StatusCode);
        Assert.DoesNotContain("wrong-key", refused.Message);
        ExpectTerminated(link);

        // Backoff here is 100-400 ms: a retrying link would have asked again within this second.
        var requests = _recorder.RefusedRequests.Count;
        ExpectNoMsg(Dilated(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, requests);
        Assert.Equal(requests, _recorder.RefusedRequests.Count);
    }

    [Fact]
    public async Task A_stream_that_ends_by_itself_is_forgotten_and_the_next_start_runs_a_new_streamer()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), new FakeMetricsSource(), buffer: null), "link");
        await Next(_recorder.Connections);
        await AwaitState(link, "connected");

        // A lease that is not renewed: the streamer stops on its own, without a StopStreaming through the link.
        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 600, false));
        await Next(_recorder.Samples);
        await AwaitAssertAsync(() => Assert.False(Status(link).Streaming), Dilated(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(100));

        // A link still holding the stopped streamer would tell it this start and stream nothing.
        await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
        await AwaitAssertAsync(() => Assert.True(Status(link).Streaming), Dilated(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(100));
        while (_recorder.Samples.Reader.TryRead(out _)) { }
        await Next(_recorder.Samples);
        Sys.ActorSelection($"{link.Path}/streamer-2").Tell(new Identify("second"), TestActor);
        Assert.NotNull(ExpectMsg<ActorIdentity>().Subject);
    }

    [Fact]
    public async Task A_report_goes_up_stamped_with_the_server_id_and_the_ack_goes_back_to_the_reporter()
    {
        await using var hub = await TestAgentHubHost.StartAsync(_recorder, Key);
        var link = ChildActorOf(AgentLink.Props(Options(hub.Url), new FakeMetricsSource(), buffer: null), "link");
        await Next(_recorder.Connections);
        await AwaitAssertAsync(() => Assert.Equal(_recorder.ServerId, Status(link).ServerId), Dilated(TimeSpan.FromSeconds(5)));
        var reporter = CreateTestProbe();
        var report = ReportSpoolTests.Report(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        link.Tell(new ReporterProtocol.SendReport(report), reporter);

        var ack = reporter.ExpectMsg<ReportAck>(Dilated(TimeSpan.FromSeconds(5)));
        Assert.Equal((report.ReportId, ReportAck.Stored), (ack.ReportId, ack.Status));
        var received = await Next(_recorder.Reports);
        Assert.Equal((report.ReportId, _recorder.ServerId), (received.ReportId, received.ServerId));
    }

    [Fact]
    public async Task Outside_the_connected_state_a_report_is_answered_not_sent_naming_the_state()
    {
        // Nothing listens on port 1: every attempt fails at once and the link stays reconnecting.
        var link = ChildActorOf(AgentLink.Props(Options(new Uri("http://127.0.0.1:1")), new FakeMetricsSource(), buffer: null), "link");
        await AwaitState(link, "reconnecting");
        var reporter = CreateTestProbe();
        var report = ReportSpoolTests.Report(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        link.Tell(new ReporterProtocol.SendReport(report), reporter);

        var notSent = reporter.ExpectMsg<ReporterProtocol.ReportNotSent>();
        Assert.Equal((report.ReportId, "link reconnecting"), (notSent.ReportId, notSent.Reason));
    }
}

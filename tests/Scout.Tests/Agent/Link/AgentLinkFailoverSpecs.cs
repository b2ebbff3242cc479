using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Link;

/// <summary>
/// A link given several nodes, against real Kestrel hubs: it gets past a dead one, moves to another
/// node when its node goes away, keeps the spool's reports for the next node, and still stops on a
/// refused key. Every link here starts at the first node of its list (random01 pinned to 0).
/// </summary>
public sealed class AgentLinkFailoverSpecs : TestKit
{
    private const string Key = "agent-key-for-tests";

    private readonly HubRecorder _a = new();
    private readonly HubRecorder _b = new();
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "scout-tests", "failover-spool-" + Guid.NewGuid().ToString("N"));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_spool)) Directory.Delete(_spool, recursive: true);
    }

    private static AgentOptions Options(ReconnectSettings reconnect, params Uri[] servers) => new()
    {
        Servers = servers,
        Key = Key,
        Hostname = "test-host",
        Reconnect = reconnect,
    };

    private static readonly ReconnectSettings Quick = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), 0.2);

    private IActorRef Link(AgentOptions options, IActorRef? buffer = null, TestKitBase? parent = null) =>
        (parent ?? this).ChildActorOf(AgentLink.Props(options, new FakeMetricsSource(), buffer, random01: () => 0.0), "link");

    /// <summary>A loopback port nobody listens on (now): connecting to it is refused at once.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Uri At(int port) => new($"http://127.0.0.1:{port}");

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

    private async Task AwaitConnectedTo(IActorRef link, Uri server, double seconds = 10) =>
        await AwaitAssertAsync(() =>
        {
            var status = Status(link);
            Assert.Equal(("connected", server), (status.State, status.Server));
        }, Dilated(TimeSpan.FromSeconds(seconds)), TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task Gets_past_a_node_that_refuses_connections_to_a_live_one()
    {
        await using var live = await TestAgentHubHost.StartAsync(_b, Key);
        var dead = At(FreePort());

        var link = Link(Options(Quick, dead, live.Url));

        await Next(_b.Connections);
        await AwaitConnectedTo(link, live.Url);
        // The dead node was tried first (the list's first, random01 = 0), and its refusal did not stop the link.
        Assert.Equal(2, Status(link).ConnectionAttempts);
    }

    [Fact]
    public async Task Leaves_a_node_that_accepts_connections_but_never_answers_after_the_start_timeout()
    {
        // A frozen node (stopped process, stuck machine): the kernel still accepts, nobody answers negotiate.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            await using var live = await TestAgentHubHost.StartAsync(_b, Key);
            var link = Link(Options(Quick, At(((IPEndPoint)silent.LocalEndpoint).Port), live.Url));

            // AgentHubConnection.StartTimeout (10 s), then the hop.
            await AwaitConnectedTo(link, live.Url, seconds: 20);
            Assert.Equal(2, Status(link).ConnectionAttempts);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task When_its_node_goes_away_it_is_streaming_from_another_node_well_within_ten_seconds()
    {
        var a = await TestAgentHubHost.StartAsync(_a, Key);
        await using var b = await TestAgentHubHost.StartAsync(_b, Key);
        // The shipped backoff, not the quick one of the other specs: this is the time a user would see.
        var link = Link(Options(ReconnectSettings.Default, a.Url, b.Url));
        await Next(_a.Connections);
        await AwaitConnectedTo(link, a.Url);
        await a.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
        await Next(_a.Samples);

        var lost = Stopwatch.StartNew();
        await a.DisposeAsync();

        await AwaitConnectedTo(link, b.Url, seconds: 10);
        // The stream ended with A's connection; B's session starts it again (here: the test hub, as a session
        // would on the agent's registration while someone watches), and nothing on the agent's side is in the way.
        Assert.False(Status(link).Streaming);
        await AwaitAssertAsync(() => Assert.Equal(_b.ServerId, Status(link).ServerId), Dilated(TimeSpan.FromSeconds(5)));
        await b.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
        var sample = await Next(_b.Samples);
        Assert.Equal(_b.ServerId, sample.ServerId);
        Assert.True(lost.Elapsed < Dilated(TimeSpan.FromSeconds(10)), $"stream back after {lost.Elapsed}");
        Assert.True(Status(link).Streaming);
    }

    [Fact]
    public async Task Reports_made_while_no_node_answers_are_delivered_by_the_node_reached_next()
    {
        var a = await TestAgentHubHost.StartAsync(_a, Key);
        var portB = FreePort();
        var buffer = Sys.ActorOf(LocalBuffer.Props(new FakeMetricsSource(), LocalBufferSettings.Default), "local-buffer");
        var link = Link(Options(Quick, a.Url, At(portB)), buffer);
        await AwaitConnectedTo(link, a.Url);
        var reporter = Sys.ActorOf(Reporter.Props(
            new ReportSettings(true, TimeSpan.FromSeconds(1), _spool, TimeSpan.FromDays(1), TimeSpan.FromMilliseconds(200)), buffer, link), "reporter");
        var first = await Next(_a.Reports);

        await a.DisposeAsync();
        await AwaitAssertAsync(() => Assert.Equal("reconnecting", Status(link).State), Dilated(TimeSpan.FromSeconds(5)));
        await AwaitAssertAsync(() => Assert.True(ReporterStatus(reporter).Spooled >= 2), Dilated(TimeSpan.FromSeconds(10)), TimeSpan.FromMilliseconds(100));
        var nodeBStarted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await using var b = await TestAgentHubHost.StartAsync(_b, Key, portB);

        await AwaitConnectedTo(link, b.Url);
        var delivered = await Next(_b.Reports, seconds: 10);
        Assert.True(delivered.Time < nodeBStarted, "the first report B gets was made while no node answered");
        ReporterProtocol.ReporterStatus status = null!;
        await AwaitAssertAsync(() =>
        {
            status = ReporterStatus(reporter);
            Assert.Equal((0, status.Made), (status.Spooled, status.Acknowledged));
        }, Dilated(TimeSpan.FromSeconds(10)), TimeSpan.FromMilliseconds(100));
        // Every report made reached a node: none was lost with A or while nobody answered.
        var ids = new HashSet<string>();
        foreach (var recorder in new[] { _a, _b })
            while (recorder.Reports.Reader.TryRead(out var report))
                ids.Add(report.ReportId);
        ids.Add(first.ReportId);
        ids.Add(delivered.ReportId);
        Assert.True(ids.Count >= status.Made, $"{ids.Count} distinct reports reached a node, {status.Made} made");
        Assert.Equal(0, status.Dropped);
    }

    [Fact]
    public async Task A_key_refused_by_one_node_stops_the_link_without_trying_the_others()
    {
        // The key is the same on every node of a cluster: one node's refusal is every node's.
        await using var refusing = await TestAgentHubHost.StartAsync(_a, "another-key");
        await using var accepting = await TestAgentHubHost.StartAsync(_b, Key);
        var parent = CreateTestProbe();
        var link = Link(Options(Quick, refusing.Url, accepting.Url), parent: parent);
        Watch(link);

        var refused = parent.ExpectMsg<AgentLinkProtocol.KeyRefused>(Dilated(TimeSpan.FromSeconds(10)));

        Assert.Equal(401, refused.StatusCode);
        Assert.Contains(refusing.Url.Authority, refused.Message);
        ExpectTerminated(link);
        Assert.Single(_a.RefusedRequests);
        Assert.False(_b.Connections.Reader.TryRead(out _));
    }

    private ReporterProtocol.ReporterStatus ReporterStatus(IActorRef reporter)
    {
        reporter.Tell(ReporterProtocol.GetReporterStatus.Instance, TestActor);
        return ExpectMsg<ReporterProtocol.ReporterStatus>();
    }
}

using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Scout.Actors.AccountSessions.SessionProtocol;

namespace Scout.Tests.Actors.AgentProxies;

public sealed class AgentProxySpecs(ITestOutputHelper output) : ScoutTestKit(output)
{
    private static readonly AgentProxyProtocol.AttachAgent Agent = new("conn-1", "acc-1", "srv-1", "web-1");

    /// <summary>Records what would go down the agent's connection.</summary>
    private sealed class RecordingChannel : IAgentChannel
    {
        public ConcurrentQueue<(string Connection, AgentDirectives.IAgentDirective Directive)> Sent { get; } = new();

        public Task Send(string connectionId, AgentDirectives.IAgentDirective directive)
        {
            Sent.Enqueue((connectionId, directive));
            return Task.CompletedTask;
        }
    }

    /// <summary>A proxy whose agent was asked to stream (samples are admitted only then).</summary>
    private (IActorRef Proxy, TestProbe Sessions, RecordingChannel Channel) StartProxy(bool streaming = true)
    {
        var sessions = CreateTestProbe();
        var channel = new RecordingChannel();
        var proxy = Sys.ActorOf(AgentProxy.Props(Agent, channel, sessions.Ref));
        sessions.ExpectMsg<AgentOnline>(m => Assert.Equal((Agent.AccountId, Agent.ServerId), (m.AccountId, m.ServerId)));
        // Answered as the session would (the probe is both region and session), or the proxy registers again.
        proxy.Tell(new AgentRegistered(Agent.ServerId), sessions.Ref);
        if (streaming)
            proxy.Tell(new AgentDirectives.StartStreaming(1000, 30_000, SendBackfill: true));
        return (proxy, sessions, channel);
    }

    private AgentProxyProtocol.AgentInfo Info(IActorRef proxy)
    {
        proxy.Tell(AgentProxyProtocol.GetInfo.Instance);
        return ExpectMsg<AgentProxyProtocol.AgentInfo>();
    }

    [Fact]
    public void Registers_its_agent_with_the_session_on_start()
    {
        var sessions = CreateTestProbe();
        Sys.ActorOf(AgentProxy.Props(Agent, new RecordingChannel(), sessions.Ref));

        var online = sessions.ExpectMsg<AgentOnline>();
        Assert.Equal((Agent.AccountId, Agent.ServerId), (online.AccountId, online.ServerId));
    }

    [Fact]
    public void Relays_directives_down_the_agents_own_connection()
    {
        var (proxy, _, channel) = StartProxy(streaming: false);

        proxy.Tell(new AgentDirectives.StartStreaming(1000, 30_000, true));

        AwaitAssert(() => Assert.Equal(("conn-1", (AgentDirectives.IAgentDirective)new AgentDirectives.StartStreaming(1000, 30_000, true)),
            Assert.Single(channel.Sent)));
    }

    [Fact]
    public void Relays_a_valid_sample_to_the_accounts_session()
    {
        var (proxy, sessions, _) = StartProxy();

        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now)));

        Assert.Equal("srv-1", sessions.ExpectMsg<SampleArrived>().ServerId);
    }

    [Fact]
    public void Drops_a_sample_that_claims_another_server()
    {
        var (proxy, sessions, _) = StartProxy();

        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-of-someone-else", Samples.Now)));

        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, Info(proxy).SamplesDropped);
    }

    [Fact]
    public void A_flood_of_different_bad_reasons_is_counted_but_logs_a_bounded_number_of_lines()
    {
        var (proxy, _, _) = StartProxy();

        EventFilter.Warning(contains: "Dropped a sample").Expect(20, () =>
            EventFilter.Warning(contains: "further reasons are counted").ExpectOne(() =>
            {
                for (var i = 0; i < 100; i++)
                    proxy.Tell(new AgentProxyProtocol.MalformedFromAgent($"malformed: unreadable JSON at $.field{i}", 1));
                Assert.Equal(100, Info(proxy).SamplesDropped);
            }));
    }

    [Fact]
    public void Drops_samples_nobody_asked_for()
    {
        var (proxy, sessions, _) = StartProxy(streaming: false);

        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now)));
        proxy.Tell(new AgentProxyProtocol.BackfillFromAgent([Samples.Encoded("srv-1", Samples.Now)]));

        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, Info(proxy).SamplesDropped);
    }

    [Fact]
    public void Drops_samples_sent_much_faster_than_the_stream_asked_for()
    {
        var (proxy, sessions, _) = StartProxy();

        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
            proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now + i)));

        var info = Info(proxy);
        // The burst of 5, and a token per half interval that passed meanwhile (so a slow machine cannot fail it).
        Assert.InRange(info.SamplesRelayed, 5, 5 + 2 * (int)Math.Ceiling(sw.Elapsed.TotalSeconds) + 1);
        Assert.Equal(50, info.SamplesRelayed + info.SamplesDropped);
        Assert.Equal(info.SamplesRelayed, sessions.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m as SampleArrived).Count);
    }

    [Fact]
    public void Drops_a_sample_from_the_future()
    {
        var (proxy, sessions, _) = StartProxy();

        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now + (long)TimeSpan.FromHours(1).TotalMilliseconds)));

        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Registers_again_each_second_until_a_session_answers()
    {
        var sessions = CreateTestProbe();
        var proxy = Sys.ActorOf(AgentProxy.Props(Agent, new RecordingChannel(), sessions.Ref));
        sessions.ExpectMsg<AgentOnline>();

        // Lost on the way (sent to a dead node's shard): sent again.
        sessions.ExpectMsg<AgentOnline>(Dilated(AgentProxy.RegisterRetry * 3));
        proxy.Tell(new AgentRegistered(Agent.ServerId), sessions.Ref);

        sessions.ExpectNoMsg(Dilated(AgentProxy.RegisterRetry * 2));
    }

    [Fact]
    public void Registers_again_when_its_session_goes_away()
    {
        var (proxy, sessions, _) = StartProxy();
        var session = CreateTestProbe();
        proxy.Tell(new AgentRegistered("srv-1"), session.Ref);

        session.Ref.Tell(PoisonPill.Instance);

        sessions.ExpectMsg<AgentOnline>();
    }

    [Fact]
    public void Once_registered_it_sends_samples_straight_to_its_session_and_through_the_region_when_that_session_is_gone()
    {
        var (proxy, sessions, _) = StartProxy();
        var session = CreateTestProbe();
        proxy.Tell(new AgentRegistered("srv-1"), session.Ref);

        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now)));
        session.ExpectMsg<SampleArrived>();
        sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        session.Ref.Tell(PoisonPill.Instance);
        sessions.ExpectMsg<AgentOnline>();
        proxy.Tell(new AgentProxyProtocol.SampleFromAgent(Samples.Encoded("srv-1", Samples.Now + 1)));
        sessions.ExpectMsg<SampleArrived>();
    }

    [Fact]
    public void Stops_when_its_connection_ends()
    {
        var (proxy, _, _) = StartProxy();
        Watch(proxy);

        proxy.Tell(AgentProxyProtocol.ConnectionEnded.Instance);

        ExpectTerminated(proxy);
    }
}

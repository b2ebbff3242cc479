using Akka.Actor;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>The longest allowed session, end to end: the watcher is told why, and the agent stops streaming.</summary>
public sealed class MaxLengthEndToEndSpecs() : DemoNodeSpec(RealtimeNode.Settings(
    ("Scout:Akka:Hocon", "scout.session.grace-period = 1s\nscout.session.max-length = 3s")))
{
    [Fact]
    public async Task A_session_past_its_maximum_length_ends_tells_the_watcher_why_and_stops_the_agent()
    {
        var (agent, serverId) = await DemoAgent("e2e-max-length");
        var browser = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));

        await browser.StartRealtime(serverId);

        // Not waiting for a sample first: on a slow machine the 3 s could be over before one arrives.
        Assert.Equal($"ended:{serverId}:max-length", await browser.NextEvent(within: TimeSpan.FromSeconds(20)));
        await Eventually.Holds(async () =>
        {
            var status = await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
                AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.False(status.Streaming);
            Assert.True(status.SamplesSent > 0, "the session streamed before it ended");
        }, TimeSpan.FromSeconds(10));
    }
}

using Akka.Actor;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.Streaming;

/// <summary>The longest allowed session, end to end: the watcher is told why, and the agent stops streaming.</summary>
public sealed class MaxLengthEndToEndSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings(
        ("Scout:Akka:Hocon", "scout.session.grace-period = 1s\nscout.session.max-length = 3s")));
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
            await d.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_session_past_its_maximum_length_ends_tells_the_watcher_why_and_stops_the_agent()
    {
        var account = await _node.DemoAccountId();
        var agent = await _node.StartAgent(await _node.NewAgentKey(account), "e2e-max-length");
        _cleanup.Add(agent);
        var serverId = await _node.OnlineServerId(account, "e2e-max-length");
        var browser = await _node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        _cleanup.Add(browser);

        await browser.StartRealtime(serverId);
        await browser.NextSamples(1, within: TimeSpan.FromSeconds(15));

        Assert.Equal($"ended:{serverId}:max-length", await browser.NextEvent(within: TimeSpan.FromSeconds(20)));
        await Eventually.Holds(async () =>
        {
            var status = await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
                AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.False(status.Streaming);
        }, TimeSpan.FromSeconds(10));
    }
}

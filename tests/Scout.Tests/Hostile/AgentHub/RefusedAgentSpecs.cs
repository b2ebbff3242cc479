using Akka.Actor;
using Microsoft.Extensions.Logging;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Agent.Metrics;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>A node whose accounts may have one server each.</summary>
public sealed class OneServerPerAccountNode() : HostileAgentNode(("Scout:Agents:MaxServersPerAccount", "1"));

/// <summary>
/// A connection the node will not take is closed with a reason the agent can log, and the real agent logs it
/// once and waits (10 minutes for a refusal no retry fixes) instead of reconnecting every second.
/// </summary>
public sealed class RefusedAgentSpecs(OneServerPerAccountNode hostile) : IClassFixture<OneServerPerAccountNode>
{
    private const string AtLimit = "this account has the most servers allowed (1); remove one, or raise Scout:Agents:MaxServersPerAccount";

    private async Task AccountAtItsLimit()
    {
        // Idempotent: the account's one server (a known hostname always connects).
        var (first, _) = await RealtimeNode.HandMadeAgent(hostile.Node, hostile.AttackerKey, "the-only-one");
        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_server_beyond_the_accounts_limit_is_refused_with_the_limit_and_the_setting_to_raise()
    {
        await AccountAtItsLimit();

        var refused = await RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, "one-too-many");

        Assert.Equal((AtLimit, 600_000), (refused?.Reason, refused?.RetryAfterMs));
        Assert.Null(await RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, "the-only-one"));
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public async Task The_real_agent_logs_the_refusal_once_and_waits_instead_of_spinning()
    {
        await AccountAtItsLimit();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));

        await using var agent = await AgentHost.StartAsync(
            new AgentOptions { Servers = [hostile.Node.Address], Key = hostile.AttackerKey, Hostname = "refused-real-agent" },
            new ProcMetricsSource(), loggers);

        var expected = $"The server {hostile.Node.Address} refused this agent: {AtLimit}; trying again in 600 s";
        // Akka's lines come with its own prefix (level, time, thread, actor path).
        await Eventually.Holds(() => Assert.Contains(logs.Entries, e => e.Message.EndsWith(expected, StringComparison.Ordinal)));
        var status = await agent.System.ActorSelection("/user/agent/link")
            .Ask<AgentLinkProtocol.LinkStatus>(AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(("reconnecting", 1), (status.State, status.ConnectionAttempts));
        Assert.Single(logs.Entries, e => e.Message.Contains("refused this agent", StringComparison.Ordinal));
        Assert.False(agent.Exited.IsCompleted, "a refused hostname is not a refused key: the agent keeps running");
    }
}

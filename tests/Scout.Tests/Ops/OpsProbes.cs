using System.Text.Json;
using Akka.Actor;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Tests.Web;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>What the ops specs check on the real parts: the agent's streamer, and a server's session as the console lists it.</summary>
public static class OpsProbes
{
    public static async Task<bool> IsStreaming(this AgentHost agent) =>
        (await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
            AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5))).Streaming;

    /// <summary>How many watchers the server's session has (0 when it is no session), asked through a console of its own.</summary>
    public static async Task<int> SessionWatchers(this ScoutNodeFactory node, string serverId)
    {
        var list = await node.Ops("sessions", "list", "--json");
        Assert.Equal(0, list.Code);
        using var doc = JsonDocument.Parse(list.Out);
        return doc.RootElement.GetProperty("sessions").EnumerateArray()
            .Where(s => s.GetProperty("serverId").GetString() == serverId)
            .Sum(s => s.GetProperty("watchers").GetInt32());
    }
}

using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;

namespace Scout.Web.Agents;

/// <summary>The proxies' way down to their agents: a call on the agent's own SignalR connection.</summary>
public sealed class HubAgentChannel(IHubContext<AgentHub> hub) : IAgentChannel
{
    public Task Send(string connectionId, AgentDirectives.IAgentDirective directive) =>
        hub.Clients.Client(connectionId).SendAsync(MethodOf(directive), directive);

    private static string MethodOf(AgentDirectives.IAgentDirective directive) => directive switch
    {
        AgentDirectives.StartStreaming => AgentHubMethods.StartStreaming,
        AgentDirectives.StopStreaming => AgentHubMethods.StopStreaming,
        _ => throw new ArgumentOutOfRangeException(nameof(directive), directive.GetType().Name, "not a directive the agent knows"),
    };
}

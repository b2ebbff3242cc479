using Scout.Actors.AgentWire;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// The way down to one connected agent, implemented by the web node over the agent hub's
/// <c>IHubContext</c>. Sends return the transport's task; the proxy never awaits it in its mailbox.
/// </summary>
public interface IAgentChannel
{
    Task Send(string connectionId, AgentDirectives.IAgentDirective directive);
}

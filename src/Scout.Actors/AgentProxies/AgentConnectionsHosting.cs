using Akka.Hosting;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.AgentProxies;

public static class AgentConnectionsHosting
{
    /// <summary>Starts the node's <see cref="AgentConnections"/> ("agents"); the <see cref="IAgentChannel"/>
    /// comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddAgentConnections(this AkkaConfigurationBuilder builder) =>
        builder.AddSessionRegionActor<AgentConnections, IAgentChannel>("agents",
            (_, channel, sessions) => AgentConnections.Props(channel, sessions));
}

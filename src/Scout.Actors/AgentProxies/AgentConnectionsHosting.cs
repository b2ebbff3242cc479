using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.AgentProxies;

public static class AgentConnectionsHosting
{
    /// <summary>Starts the node's <see cref="AgentConnections"/> ("agents"); the <see cref="IAgentChannel"/>
    /// comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddAgentConnections(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var channel = resolver.GetService<IAgentChannel>();
            var agents = system.ActorOf(AgentConnections.Props(channel, registry.Get<AccountSessionRegion>()), "agents");
            registry.Register<AgentConnections>(agents);
        });
}

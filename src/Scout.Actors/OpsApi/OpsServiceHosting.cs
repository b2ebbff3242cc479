using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.OpsApi;

public static class OpsServiceHosting
{
    /// <summary>Starts the node's <see cref="OpsService"/> ("ops") and registers it with the ClusterClientReceptionist,
    /// so the scout-ops console reaches it at <see cref="OpsProtocol.ServicePath"/>. The directory comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddOpsService(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var directory = resolver.GetService<IOpsDirectory>();
            var ops = system.ActorOf(OpsService.Props(directory, registry.Get<AccountSessionRegion>()), "ops");
            ClusterClientReceptionist.Get(system).RegisterService(ops);
            registry.Register<OpsService>(ops);
        });
}

using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.OpsApi;

public static class OpsServiceHosting
{
    /// <summary>Starts the node's <see cref="OpsService"/> ("ops") and registers it with the ClusterClientReceptionist,
    /// so the scout-ops console reaches it at <see cref="OpsProtocol.ServicePath"/>. The directory comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddOpsService(this AkkaConfigurationBuilder builder) =>
        builder.AddSessionRegionActor<OpsService, IOpsDirectory>("ops",
            (_, directory, sessions) => OpsService.Props(directory, sessions),
            started: (system, ops) => ClusterClientReceptionist.Get(system).RegisterService(ops));
}

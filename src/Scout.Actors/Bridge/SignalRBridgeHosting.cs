using Akka.Hosting;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.Bridge;

public static class SignalRBridgeHosting
{
    /// <summary>Starts the node's <see cref="SignalRBridge"/> ("signalr-bridge"); the <see cref="IWatcherPush"/>
    /// comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddSignalRBridge(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var push = resolver.GetService<IWatcherPush>();
            var maxPending = system.Settings.Config.GetInt("scout.bridge.max-pending-samples", SignalRBridge.DefaultMaxPendingSamples);
            var bridge = system.ActorOf(SignalRBridge.Props(push, registry.Get<AccountSessionRegion>(), maxPending), "signalr-bridge");
            registry.Register<SignalRBridge>(bridge);
        });
}

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
            // The setting keeps its published name; it is the cap on a connection's unsent samples.
            var maxUnsent = system.Settings.Config.GetInt("scout.bridge.max-pending-samples", SignalRBridge.DefaultMaxUnsentSamples);
            var bridge = system.ActorOf(SignalRBridge.Props(push, registry.Get<AccountSessionRegion>(), maxUnsent), "signalr-bridge");
            registry.Register<SignalRBridge>(bridge);
        });
}

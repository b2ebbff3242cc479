using Akka.Hosting;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.Bridge;

public static class SignalRBridgeHosting
{
    /// <summary>Starts the node's <see cref="SignalRBridge"/> ("signalr-bridge"); the <see cref="IWatcherPush"/>
    /// comes from the host's services.</summary>
    public static AkkaConfigurationBuilder AddSignalRBridge(this AkkaConfigurationBuilder builder) =>
        builder.AddSessionRegionActor<SignalRBridge, IWatcherPush>("signalr-bridge", (system, push, sessions) =>
        {
            // The setting keeps its published name; it is the cap on a connection's unsent samples.
            var maxUnsent = system.Settings.Config.GetInt("scout.bridge.max-pending-samples", SignalRBridge.DefaultMaxUnsentSamples);
            return SignalRBridge.Props(push, sessions, maxUnsent);
        });
}

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
            var maxPending = system.Settings.Config.GetInt("scout.bridge.max-pending-samples", SignalRBridge.DefaultMaxPendingSamples);
            return SignalRBridge.Props(push, sessions, maxPending);
        });
}

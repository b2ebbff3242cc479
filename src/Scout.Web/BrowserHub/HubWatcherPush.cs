using Microsoft.AspNetCore.SignalR;
using Scout.Actors.Bridge;
using Scout.Actors.SampleIntake;

namespace Scout.Web.BrowserHub;

/// <summary>The bridge's way to browsers, through the metrics hub's context. Samples go as their encoded JSON
/// (<see cref="EncodedSample"/>): SignalR writes those bytes into the message as they are.</summary>
public sealed class HubWatcherPush(IHubContext<MetricsHub> hub) : IWatcherPush
{
    public Task JoinGroup(string connectionId, string serverId) =>
        hub.Groups.AddToGroupAsync(connectionId, GroupOf(serverId));

    public Task LeaveGroup(string connectionId, string serverId) =>
        hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(serverId));

    public Task SendSampleToGroup(string serverId, EncodedSample sample) =>
        hub.Clients.Group(GroupOf(serverId)).SendAsync(MetricsHub.ClientMethods.Sample, sample);

    /// <summary>The SignalR group mirroring the bridge's group of a server's watchers on this node. Node-local by
    /// design (no backplane): with one, every node's bridge would reach every node's members, and a group send
    /// would complete on publishing, hiding slow clients; the name would then need the node's address.</summary>
    private static string GroupOf(string serverId) => "server:" + serverId;

    public Task SendSample(string connectionId, EncodedSample sample) =>
        hub.Clients.Client(connectionId).SendAsync(MetricsHub.ClientMethods.Sample, sample);

    public Task SendBackfill(IReadOnlyList<string> connectionIds, string serverId, IReadOnlyList<EncodedSample> samples) =>
        hub.Clients.Clients(connectionIds).SendAsync(MetricsHub.ClientMethods.Backfill, serverId, samples);

    public Task SendServerStatus(IReadOnlyList<string> connectionIds, string serverId, bool online) =>
        hub.Clients.Clients(connectionIds).SendAsync(
            online ? MetricsHub.ClientMethods.ServerOnline : MetricsHub.ClientMethods.ServerOffline, serverId);

    public Task SendStreamStalled(IReadOnlyList<string> connectionIds, string serverId, long? lastSampleTime) =>
        hub.Clients.Clients(connectionIds).SendAsync(MetricsHub.ClientMethods.ServerStalled, serverId, lastSampleTime);

    public Task SendStreamResumed(IReadOnlyList<string> connectionIds, string serverId) =>
        hub.Clients.Clients(connectionIds).SendAsync(MetricsHub.ClientMethods.ServerResumed, serverId);

    public Task SendStreamEnded(IReadOnlyList<string> connectionIds, string serverId, string reason) =>
        hub.Clients.Clients(connectionIds).SendAsync(MetricsHub.ClientMethods.SessionEnded, serverId, reason);
}

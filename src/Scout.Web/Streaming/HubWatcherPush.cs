using Microsoft.AspNetCore.SignalR;
using Scout.Actors.Bridge;
using Scout.Actors.Metrics;

namespace Scout.Web.Streaming;

/// <summary>The bridge's way to browsers: sends to this node's SignalR group of a server. Samples go as their
/// encoded JSON (<see cref="EncodedSample"/>): SignalR writes those bytes into the message as they are.</summary>
public sealed class HubWatcherPush(IHubContext<MetricsHub> hub) : IWatcherPush
{
    public Task SendSample(string serverId, EncodedSample sample) =>
        hub.Clients.Group(MetricsHub.GroupOf(serverId)).SendAsync(MetricsHub.ClientMethods.Sample, sample);

    public Task SendBackfill(string serverId, IReadOnlyList<EncodedSample> samples) =>
        hub.Clients.Group(MetricsHub.GroupOf(serverId)).SendAsync(MetricsHub.ClientMethods.Backfill, serverId, samples);

    public Task SendServerStatus(string serverId, bool online) =>
        hub.Clients.Group(MetricsHub.GroupOf(serverId)).SendAsync(
            online ? MetricsHub.ClientMethods.ServerOnline : MetricsHub.ClientMethods.ServerOffline, serverId);

    public Task SendStreamEnded(string serverId, string reason, IReadOnlyList<string> connectionIds) =>
        hub.Clients.Clients(connectionIds).SendAsync(MetricsHub.ClientMethods.SessionEnded, serverId, reason);

    public Task RemoveFromServerGroup(string connectionId, string serverId) =>
        hub.Groups.RemoveFromGroupAsync(connectionId, MetricsHub.GroupOf(serverId));
}

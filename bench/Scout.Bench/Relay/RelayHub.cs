using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AgentWire;

namespace Scout.Bench.Relay;

/// <summary>
/// The baseline: a bare SignalR relay. One hub, groups, no actors, no auth, no checks. Agents publish
/// samples, watchers join a server's group. What it costs is the transport's own cost on this machine.
/// </summary>
public sealed class RelayHub : Hub
{
    public const string Path = "/hubs/relay";

    public Task Watch(string serverId) => Groups.AddToGroupAsync(Context.ConnectionId, serverId);

    public Task Publish(MetricsSample sample) => Clients.Group(sample.ServerId).SendAsync("sample", sample);
}

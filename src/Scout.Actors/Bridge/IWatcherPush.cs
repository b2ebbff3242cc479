using Scout.Actors.Metrics;

namespace Scout.Actors.Bridge;

/// <summary>
/// What the bridge needs from SignalR, so this library stays free of ASP.NET: the web node implements it
/// over <c>IHubContext</c>. Every method returns at once with the send's task; the bridge never awaits
/// a slow client inside its mailbox.
/// </summary>
public interface IWatcherPush
{
    Task SendSample(string serverId, MetricsSample sample);

    Task SendBackfill(string serverId, IReadOnlyList<MetricsSample> samples);

    Task SendServerStatus(string serverId, bool online);

    Task SendStreamEnded(string serverId, string reason);

    Task RemoveFromServerGroup(string connectionId, string serverId);
}

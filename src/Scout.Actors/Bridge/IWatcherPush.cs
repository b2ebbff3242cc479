using Scout.Actors.Metrics;

namespace Scout.Actors.Bridge;

/// <summary>
/// What the bridge needs from SignalR, so this library stays free of ASP.NET: the web node implements it
/// over <c>IHubContext</c>. Every method returns at once with the send's task; the bridge never awaits
/// a slow client inside its mailbox.
/// </summary>
public interface IWatcherPush
{
    Task SendSample(string serverId, EncodedSample sample);

    Task SendBackfill(string serverId, IReadOnlyList<EncodedSample> samples);

    Task SendServerStatus(string serverId, bool online);

    /// <summary>Tells these connections (not the whole group: a newer watch may already be in it) why their stream ended.</summary>
    Task SendStreamEnded(string serverId, string reason, IReadOnlyList<string> connectionIds);

    Task RemoveFromServerGroup(string connectionId, string serverId);
}

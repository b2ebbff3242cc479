using Scout.Actors.SampleIntake;

namespace Scout.Actors.Bridge;

/// <summary>
/// What the bridge needs from SignalR, so this library stays free of ASP.NET: the web node implements it
/// over <c>IHubContext</c>. Every method returns at once with the send's task; the bridge never awaits
/// a slow client inside its mailbox. The bridge keeps each server's group of watching connections itself and
/// mirrors it into a SignalR group: a sample goes to the SignalR group (written once, copied to each member)
/// while every member keeps up, and to each connection on its own when one does not, so the bridge can tell
/// which member is falling behind.
/// </summary>
public interface IWatcherPush
{
    Task JoinGroup(string connectionId, string serverId);

    Task LeaveGroup(string connectionId, string serverId);

    Task SendSampleToGroup(string serverId, EncodedSample sample);

    Task SendSample(string connectionId, EncodedSample sample);

    Task SendBackfill(IReadOnlyList<string> connectionIds, string serverId, IReadOnlyList<EncodedSample> samples);

    Task SendServerStatus(IReadOnlyList<string> connectionIds, string serverId, bool online);

    /// <summary>The server's agent, still connected, sent nothing for a while: its charts must not look live.</summary>
    Task SendStreamStalled(IReadOnlyList<string> connectionIds, string serverId, long? lastSampleTime);

    Task SendStreamResumed(IReadOnlyList<string> connectionIds, string serverId);

    /// <summary>Tells these connections (not the whole group: a newer watch may already be in it) why their stream ended.</summary>
    Task SendStreamEnded(IReadOnlyList<string> connectionIds, string serverId, string reason);
}

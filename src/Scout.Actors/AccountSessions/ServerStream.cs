using Akka.Actor;

namespace Scout.Actors.AccountSessions;

/// <summary>What an account session knows of one of its servers: the agent, the watchers, the stream.</summary>
internal sealed class ServerStream(string serverId, TimeSpan backfillEvery)
{
    public string ServerId { get; } = serverId;
    public string Hostname { get; set; } = "";

    /// <summary>The AgentProxy of the agent's current connection; null while the agent is offline.</summary>
    public IActorRef? Agent { get; set; }

    /// <summary>When the current agent connection was made (Unix ms), to tell a newer connection from an older one.</summary>
    public long AgentConnectedAt { get; set; }

    /// <summary>Watching connections by the subscriber they are on (a node's bridge, or the ops console's top).</summary>
    public Dictionary<IActorRef, HashSet<string>> Watchers { get; } = new();

    public bool Streaming { get; set; }

    /// <summary>When the current live session began (Unix ms), for the maximum length; null when none.</summary>
    public long? StartedAt { get; set; }

    /// <summary>Samples received since <see cref="StartedAt"/>: the ops console divides it by the session's age,
    /// so it must start again with each session, or a second session shows the first one's samples as its rate.</summary>
    public long SamplesReceived { get; private set; }

    /// <summary>When the lease last granted to the agent runs out (Unix ms, server clock); null when not streaming.</summary>
    public long? LeaseUntil { get; set; }

    /// <summary>Who gets the agent's backfill: the watchers it was asked for, not those who have the history already.</summary>
    public BackfillRecipients Backfill { get; } = new(backfillEvery);

    /// <summary>The earliest start of a watch registered again after a move (Unix ms); null when every watch is new.
    /// Cleared when the stream ends.</summary>
    public long? EarliestWatch { get; set; }

    /// <summary>When the last sample arrived, or the stream was asked for (Unix ms, this node's clock).</summary>
    public long LastHeardAt { get; set; }

    /// <summary>The agent's time of the last sample (Unix ms), for the "no data for N s" watchers are shown.</summary>
    public long? LastSampleTime { get; private set; }

    /// <summary>Watchers were told the stream stalled and not yet that it resumed.</summary>
    public bool Stalled { get; set; }

    public int WatcherCount => Watchers.Values.Sum(w => w.Count);

    public bool IsIdle => Agent is null && Watchers.Count == 0;

    public bool AddWatcher(IActorRef subscriber, string connectionId)
    {
        if (!Watchers.TryGetValue(subscriber, out var ids))
            Watchers[subscriber] = ids = [];
        return ids.Add(connectionId);
    }

    public bool RemoveWatcher(IActorRef subscriber, string connectionId)
    {
        if (!Watchers.TryGetValue(subscriber, out var ids) || !ids.Remove(connectionId))
            return false;
        if (ids.Count == 0)
            Watchers.Remove(subscriber);
        return true;
    }

    /// <summary>A new live session: its clock and its sample count start now.</summary>
    public void BeginSession(long now)
    {
        StartedAt = now;
        SamplesReceived = 0;
    }

    /// <summary>A live sample of the agent's time <paramref name="sampleTime"/> arrived at <paramref name="now"/>.</summary>
    public void Heard(long sampleTime, long now)
    {
        SamplesReceived++;
        LastHeardAt = now;
        LastSampleTime = sampleTime;
    }
}

namespace Scout.Actors.Bridge;

/// <summary>
/// What the bridge knows of one browser connection on its node: the servers it watches (with their account,
/// to register the watches again when a session goes away) and how far behind its client is.
/// </summary>
internal sealed class WatchingConnection(string connectionId)
{
    public string ConnectionId { get; } = connectionId;

    /// <summary>Server -> its account and when this connection started watching it, for each server it watches.</summary>
    public Dictionary<string, WatchOf> Watches { get; } = new();

    /// <summary>Samples handed to SignalR for this connection alone whose send has not completed. Group sends are
    /// not counted here: a group send cannot say which member holds it up.</summary>
    public int UnsentSamples { get; private set; }

    /// <summary>Whether "not reading its samples" was logged since it last caught up, so it is logged once.</summary>
    public bool FallingBehindLogged { get; set; }

    public bool IsWatching => Watches.Count > 0;

    public bool KeepsUp => UnsentSamples == 0;

    public bool IsBehind(int maxUnsentSamples) => UnsentSamples >= maxUnsentSamples;

    /// <summary>Kept while it watches something or has sends outstanding: a client that stops and starts
    /// watching again must not get a fresh allowance while its old sends hang (they complete once the
    /// transport closes).</summary>
    public bool CanBeForgotten => !IsWatching && UnsentSamples == 0;

    public void SendStarted() => UnsentSamples++;

    /// <summary>One of its sends completed; true when that was the last one outstanding (it caught up).</summary>
    public bool SendFinished()
    {
        if (UnsentSamples == 0)
            return false;
        UnsentSamples--;
        return UnsentSamples == 0;
    }
}

/// <summary>One watch of a connection: the server's account, and when it began (Unix ms, this node's clock), which a
/// session that moved needs to keep counting the stream's maximum length from the first watch.</summary>
internal sealed record WatchOf(string AccountId, long Since);

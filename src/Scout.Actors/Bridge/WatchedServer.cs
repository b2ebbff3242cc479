namespace Scout.Actors.Bridge;

/// <summary>
/// What the bridge knows of one server watched on its node: its group (the connections watching it, mirrored
/// into a SignalR group) and its group sends that have not completed.
/// </summary>
internal sealed class WatchedServer(string serverId)
{
    public string ServerId { get; } = serverId;

    /// <summary>The connections on this node watching the server. Kept as the connections themselves, so a
    /// sample asks each member whether it keeps up without a look-up.</summary>
    public HashSet<WatchingConnection> Group { get; } = [];

    /// <summary>Group sends of this server's samples that have not completed. While any has not, someone in the
    /// group is slow and SignalR cannot say who: the server's samples go to each connection on its own.</summary>
    public int UnfinishedGroupSends { get; private set; }

    /// <summary>Kept while a group send is unfinished, even with nobody left in the group: a group that fills again
    /// before that send completes gets its samples per connection, as it would had it never emptied.</summary>
    public bool CanBeForgotten => Group.Count == 0 && UnfinishedGroupSends == 0;

    /// <summary>One group send serves everyone: more than one member, no group send hanging, none behind.</summary>
    public bool CanSendToGroup
    {
        get
        {
            if (Group.Count < 2 || UnfinishedGroupSends > 0)
                return false;
            foreach (var connection in Group)
                if (!connection.KeepsUp)
                    return false;
            return true;
        }
    }

    public void GroupSendStarted() => UnfinishedGroupSends++;

    public void GroupSendFinished()
    {
        if (UnfinishedGroupSends > 0)
            UnfinishedGroupSends--;
    }
}

namespace Scout.Ops.Connection;

public enum ContactState
{
    Pending,
    Answered,
    Failed,
}

/// <summary>
/// Which <c>--node</c> answers for the console: the first one named, unless it failed; a later one only stands in for
/// earlier ones that failed (or did not answer by the deadline). Never the one that merely answered first: the
/// operator named the node whose view (cluster show, actor hierarchy) and whose hands (cluster down) they want.
/// </summary>
public static class ContactOrder
{
    /// <summary>The index of the node to use; null while an earlier node is still pending or when all failed
    /// (<paramref name="allFailed"/> tells which).</summary>
    public static int? Choose(IReadOnlyList<ContactState> nodes, out bool allFailed)
    {
        allFailed = false;
        for (var i = 0; i < nodes.Count; i++)
        {
            switch (nodes[i])
            {
                case ContactState.Answered:
                    return i;
                case ContactState.Pending:
                    return null;
            }
        }
        allFailed = true;
        return null;
    }
}

namespace Scout.Web.Accounts.Presence;

/// <summary>Default until the cluster registers its own: every server shows as offline.</summary>
public sealed class NoServerPresence : IServerPresence
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public Task<IReadOnlySet<string>> OnlineServersAsync(string accountId, CancellationToken ct) => Task.FromResult(None);
}

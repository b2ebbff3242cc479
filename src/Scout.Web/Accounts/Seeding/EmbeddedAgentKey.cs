using Scout.Web.Accounts.Keys;

namespace Scout.Web.Accounts.Seeding;

/// <summary>
/// The key the node's own (embedded) agent connects with. A fresh one is minted on every start;
/// it completes with null when the embedded agent is disabled or its account does not exist.
/// </summary>
public sealed class EmbeddedAgentKey
{
    private readonly TaskCompletionSource<IssuedAgentKey?> _key = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until start-up has decided on the key.</summary>
    public Task<IssuedAgentKey?> WaitAsync(CancellationToken ct = default) => _key.Task.WaitAsync(ct);

    internal void Set(IssuedAgentKey? key) => _key.TrySetResult(key);

    internal void Fail(Exception error) => _key.TrySetException(error);
}

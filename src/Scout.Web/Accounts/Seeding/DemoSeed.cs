namespace Scout.Web.Accounts.Seeding;

/// <summary>
/// What seeding created on this run, kept in memory only. Empty on every later run: the plain
/// password and key exist nowhere else, not even in the database.
/// </summary>
public sealed class DemoSeed
{
    private volatile Created? _created;

    public sealed record Created(string AccountId, string Email, string Password, string AgentKey)
    {
        public override string ToString() => $"Created {{ AccountId = {AccountId}, Email = {Email} }}";
    }

    /// <summary>Set when this run seeded the empty database; null otherwise.</summary>
    public Created? CreatedThisRun => _created;

    internal void Record(Created created) => _created = created;
}

namespace Scout.Web.Accounts.Keys;

/// <summary>A freshly created key. <see cref="Key"/> is the only copy of the secret: show it once, never log it.</summary>
public sealed record IssuedAgentKey(string KeyId, string AccountId, string Key)
{
    // Records print every property; keep the secret out of logs and debugger dumps.
    public override string ToString() => $"IssuedAgentKey {{ KeyId = {KeyId}, AccountId = {AccountId} }}";
}

/// <summary>Who a verified key speaks for.</summary>
public sealed record AgentIdentity(string KeyId, string AccountId);

/// <summary>A stored key as listed to its account's owners (no secret, no hash).</summary>
public sealed record AgentKeyInfo(
    string KeyId, string AccountId, string Label, DateTimeOffset Created, DateTimeOffset? Revoked, DateTimeOffset? LastUsed = null);

namespace Scout.Web.Accounts.Api;

// Request and response bodies of the accounts API (JSON, camelCase). docs/api.md shows each one.

public sealed record SignupRequest(string? Email, string? Password, string? Account);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record AccountView(string Id, string Name, string Role);

public sealed record MeResponse(string UserId, string Email, IReadOnlyList<AccountView> Accounts);

public sealed record SignupResponse(string UserId, string Email, AccountView Account);

/// <param name="NextReportInMs">Milliseconds until the next minute report is due by the node's clock (negative when
/// overdue), null while the agent is not connected (<see cref="History.ServerLiveness.NextReportInMs"/>).</param>
/// <param name="HasHistory">Whether any minute report of the server is stored.</param>
public sealed record ServerView(
    string Id, string Hostname, string AccountId, string AccountName, bool Online,
    DateTimeOffset LastSeen, DateTimeOffset FirstSeen, long? NextReportInMs, bool HasHistory);

/// <summary>A new key with the node URLs an agent should use and the two ways to start one: <see cref="InstallCommand"/>
/// (the install script every node serves, as a service) and <see cref="Command"/> (from a source checkout).</summary>
public sealed record AgentKeyResponse(
    string Key, string KeyId, string AccountId, IReadOnlyList<string> Servers, string InstallCommand, string Command)
{
    public override string ToString() => $"AgentKeyResponse {{ KeyId = {KeyId}, AccountId = {AccountId} }}";
}

/// <summary>An agent key as listed to its account's owner: never the secret, which was shown once.</summary>
public sealed record AgentKeyView(string Id, string Label, DateTimeOffset Created, DateTimeOffset? Revoked, DateTimeOffset? LastUsed);

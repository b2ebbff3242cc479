namespace Scout.Web.Accounts.Storage;

/// <summary>What a user may do in an account. Stored as 'owner' / 'member'.</summary>
public enum AccountRole
{
    Owner,
    Member,
}

public sealed record AccountRecord(string Id, string Name, DateTimeOffset Created);

public sealed record UserRecord(string Id, string Email, DateTimeOffset Created);

/// <summary>One account a user belongs to, with the user's role there.</summary>
public sealed record Membership(string AccountId, string AccountName, AccountRole Role);

public sealed record ServerRecord(
    string Id, string AccountId, string Hostname, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>A server together with the name of the account it belongs to (for listings).</summary>
public sealed record ServerListing(ServerRecord Server, string AccountName);

internal static class AccountRoles
{
    public static string ToText(this AccountRole role) => role == AccountRole.Owner ? "owner" : "member";

    public static AccountRole Parse(string text) => text switch
    {
        "owner" => AccountRole.Owner,
        "member" => AccountRole.Member,
        _ => throw new InvalidDataException($"unknown role '{text}' in memberships"),
    };
}

using System.Security.Claims;

namespace Scout.Web.Auth;

/// <summary>Claim types Scout puts on its principals, and readers for them.</summary>
public static class ScoutClaims
{
    public const string UserId = "scout:user";
    public const string Email = "scout:email";
    public const string AccountId = "scout:account";
    public const string KeyId = "scout:key";
    /// <summary>One login (one cookie): logging out ends it for every copy of that cookie.</summary>
    public const string LoginId = "scout:login";

    /// <summary>The logged-in user's id; throws when the principal is not a browser user (a wiring bug).</summary>
    public static string RequireUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(UserId) ?? throw new InvalidOperationException("principal has no user id: endpoint lacks the Browser policy");

    public static string RequireEmail(this ClaimsPrincipal user) =>
        user.FindFirstValue(Email) ?? throw new InvalidOperationException("principal has no email: endpoint lacks the Browser policy");

    /// <summary>The account an agent key belongs to, or null for other principals.</summary>
    public static string? AgentAccountId(this ClaimsPrincipal user) => user.FindFirstValue(AccountId);

    public static string? AgentKeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyId);
}

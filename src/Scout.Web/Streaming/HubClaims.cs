using System.Security.Claims;

namespace Scout.Web.Streaming;

/// <summary>The identities the hubs read from their callers.</summary>
public static class HubClaims
{
    public static string? UserId(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? AccountId(ClaimsPrincipal? user) => user?.FindFirstValue("scout:account");
}

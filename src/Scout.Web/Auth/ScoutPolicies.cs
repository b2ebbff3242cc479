
namespace Scout.Web.Auth;

/// <summary>Authorization policy names for endpoints and hubs (<c>RequireAuthorization(ScoutPolicies.Browser)</c>).</summary>
public static class ScoutPolicies
{
    /// <summary>A logged-in user (cookie). Claims: <see cref="ScoutClaims.UserId"/>, <see cref="ScoutClaims.Email"/>.</summary>
    public const string Browser = "scout-browser";

    /// <summary>An agent with a live agent key. Claims: <see cref="ScoutClaims.AccountId"/>, <see cref="ScoutClaims.KeyId"/>.</summary>
    public const string Agent = "scout-agent";
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Scout.Web.Accounts.Keys;

namespace Scout.Web.Auth;

public sealed class AgentKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// The "AgentKey" scheme: <c>Authorization: Bearer sk_...</c>, or <c>?access_token=sk_...</c> on
/// hub paths (browsers' and some SignalR transports cannot set headers on a WebSocket). A wrong or
/// revoked key fails authentication, which the Agent policy turns into 401.
/// </summary>
public sealed class AgentKeyAuthenticationHandler(
    IOptionsMonitor<AgentKeyAuthenticationOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    AgentKeyStore keys)
    : AuthenticationHandler<AgentKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AgentKey";
    public const string QueryParameter = "access_token";

    private const string Refused = "invalid or revoked agent key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await keys.VerifyAsync(presented, Context.RequestAborted);
        if (identity is null)
        {
            // Only the key id (not secret) may be logged, and only if the key is well-formed.
            var keyId = AgentKeyFormat.TryParse(presented, out var id, out _) ? id : "(malformed)";
            Logger.LogInformation("Agent key {KeyId} refused from {Remote}", keyId, Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail(Refused);
        }
        Claim[] claims =
        [
            new(ScoutClaims.AccountId, identity.AccountId),
            new(ScoutClaims.KeyId, identity.KeyId),
            new(ClaimTypes.Name, $"agent-key:{identity.KeyId}"),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiError.WriteAsync(Response, StatusCodes.Status401Unauthorized,
            result.Failure is null ? "agent key required" : Refused);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.WriteAsync(Response, StatusCodes.Status403Forbidden, "this agent key may not do that");

    private string? PresentedKey()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (Request.Path.StartsWithSegments("/hubs") && Request.Query[QueryParameter].ToString() is { Length: > 0 } token)
        {
            return token;
        }
        return null;
    }
}

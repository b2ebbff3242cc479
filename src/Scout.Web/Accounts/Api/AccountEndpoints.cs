using System.Security.Claims;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>GET /api/me and GET|POST /api/account/agent-key.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", MeAsync).RequireAuthorization(ScoutPolicies.Browser);
        routes.MapMethods("/api/account/agent-key", [HttpMethods.Get, HttpMethods.Post], IssueKeyAsync)
            .RequireAuthorization(ScoutPolicies.Browser);
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal user, AccountStore accounts, CancellationToken ct)
    {
        var memberships = await accounts.GetMembershipsAsync(user.RequireUserId(), ct);
        return Results.Ok(new MeResponse(user.RequireUserId(), user.RequireEmail(),
            memberships.Select(m => new AccountView(m.AccountId, m.AccountName, m.Role.ToText())).ToList()));
    }

    private static async Task<IResult> IssueKeyAsync(
        HttpContext http, string? account, AccountStore accounts, AgentKeyStore keys, AccountsSettings settings,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var userId = http.User.RequireUserId();
        var memberships = await accounts.GetMembershipsAsync(userId, ct);
        Membership? membership;
        if (string.IsNullOrEmpty(account))
        {
            if (memberships.Count > 1)
            {
                return ApiError.Result(StatusCodes.Status400BadRequest,
                    "you belong to several accounts: name one with ?account=ID");
            }
            membership = memberships.FirstOrDefault();
        }
        else
        {
            membership = memberships.FirstOrDefault(m => m.AccountId == account);
        }
        if (membership is not { Role: AccountRole.Owner })
        {
            return ApiError.Result(StatusCodes.Status403Forbidden, "only an owner of the account can create agent keys");
        }
        var issued = await keys.CreateAsync(membership.AccountId, $"issued to {http.User.RequireEmail()}", ct);
        loggers.CreateLogger(typeof(AccountEndpoints)).LogInformation("User {UserId} created agent key {KeyId} for account {AccountId}",
            userId, issued.KeyId, issued.AccountId);
        var server = settings.PublicUrl ?? $"{http.Request.Scheme}://{http.Request.Host}";
        // The key is shown once: keep it out of every cache.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new AgentKeyResponse(issued.Key, issued.KeyId, issued.AccountId,
            $"dotnet run --project src/Scout.Agent -- --server {server} --key {issued.Key}"));
    }
}

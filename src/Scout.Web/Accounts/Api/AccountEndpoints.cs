using System.Security.Claims;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>
/// GET /api/me, and the owner's agent keys: GET (list), POST (create) /api/account/agent-keys, DELETE
/// /api/account/agent-keys/{id}. Creating is a POST only: a GET that minted a key could be triggered by a link
/// or an image tag on any site.
/// </summary>
internal static class AccountEndpoints
{
    public const string KeysPath = "/api/account/agent-keys";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", MeAsync).RequireAuthorization(ScoutPolicies.Browser);
        routes.MapGet(KeysPath, ListKeysAsync).RequireAuthorization(ScoutPolicies.Browser);
        routes.MapPost(KeysPath, IssueKeyAsync).RequireAuthorization(ScoutPolicies.Browser);
        routes.MapDelete(KeysPath + "/{keyId}", RevokeKeyAsync).RequireAuthorization(ScoutPolicies.Browser);
    }

    private static async Task<IResult> ListKeysAsync(
        HttpContext http, string? account, AccountStore accounts, AgentKeyStore keys, CancellationToken ct)
    {
        var (owned, refusal) = await OwnedAccountAsync(http, account, accounts, "list", ct);
        if (owned is null)
            return refusal!;
        var list = await keys.ListAsync(owned.AccountId, ct);
        return Results.Ok(list.Select(k => new AgentKeyView(k.KeyId, k.Label, k.Created, k.Revoked, k.LastUsed)).ToList());
    }

    /// <summary>Revokes a key: new connections with it get 401 at once, live ones are closed within seconds
    /// on every node (EndedCredentialWatch).</summary>
    private static async Task<IResult> RevokeKeyAsync(
        HttpContext http, string keyId, string? account, AccountStore accounts, AgentKeyStore keys,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var (owned, refusal) = await OwnedAccountAsync(http, account, accounts, "revoke", ct);
        if (owned is null)
            return refusal!;
        if (!await keys.RevokeAsync(owned.AccountId, keyId, ct))
            return ApiError.Result(StatusCodes.Status404NotFound, "agent key not found");
        loggers.CreateLogger(typeof(AccountEndpoints)).LogInformation("User {UserId} revoked agent key {KeyId} of account {AccountId}",
            http.User.RequireUserId(), keyId, owned.AccountId);
        return Results.NoContent();
    }

    /// <summary>The account (named, or the caller's only one) when the caller owns it; otherwise the answer to give.</summary>
    private static async Task<(Membership? Owned, IResult? Refusal)> OwnedAccountAsync(
        HttpContext http, string? account, AccountStore accounts, string what, CancellationToken ct)
    {
        var memberships = await accounts.GetMembershipsAsync(http.User.RequireUserId(), ct);
        Membership? membership;
        if (string.IsNullOrEmpty(account))
        {
            if (memberships.Count > 1)
                return (null, ApiError.Result(StatusCodes.Status400BadRequest, "you belong to several accounts: name one with ?account=ID"));
            membership = memberships.FirstOrDefault();
        }
        else
        {
            membership = memberships.FirstOrDefault(m => m.AccountId == account);
        }
        return membership is { Role: AccountRole.Owner }
            ? (membership, null)
            : (null, ApiError.Result(StatusCodes.Status403Forbidden, $"only an owner of the account can {what} agent keys"));
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
        var (membership, refusal) = await OwnedAccountAsync(http, account, accounts, "create", ct);
        if (membership is null)
            return refusal!;
        var issued = await keys.CreateAsync(membership.AccountId, $"issued to {http.User.RequireEmail()}", ct);
        loggers.CreateLogger(typeof(AccountEndpoints)).LogInformation("User {UserId} created agent key {KeyId} for account {AccountId}",
            userId, issued.KeyId, issued.AccountId);
        var servers = AgentCommands.ServerUrls(settings, http.Request);
        // The key is shown once: keep it out of every cache.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new AgentKeyResponse(issued.Key, issued.KeyId, issued.AccountId, servers,
            AgentCommands.Install(servers, issued.Key), AgentCommands.DotnetRun(servers, issued.Key)));
    }
}

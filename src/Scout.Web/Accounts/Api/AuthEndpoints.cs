using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>POST /api/signup, /api/login, /api/logout.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/signup", SignupAsync).RequireRateLimiting(AccountsRateLimits.LoginPolicy).AllowAnonymous();
        routes.MapPost("/api/login", LoginAsync).RequireRateLimiting(AccountsRateLimits.LoginPolicy).AllowAnonymous();
        routes.MapPost("/api/logout", (Delegate)LogoutAsync).AllowAnonymous();
    }

    private static async Task<IResult> SignupAsync(
        HttpContext http, AccountStore accounts, AccountsSettings settings, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!settings.SignupEnabled)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "signup is disabled on this server");
        }
        var (body, error) = await JsonBody.ReadAsync<SignupRequest>(http.Request, ct);
        if (error is not null || body is null)
        {
            return error!;
        }
        if (SignupValidation.Problem(body.Email, body.Password, body.Account) is { } problem)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, problem);
        }
        var result = await accounts.CreateAccountWithOwnerAsync(body.Account!, body.Email!, body.Password!, ct);
        switch (result.Outcome)
        {
            case SignupOutcome.EmailTaken:
                return ApiError.Result(StatusCodes.Status409Conflict, "a user with this email already exists");
            case SignupOutcome.AccountNameTaken:
                return ApiError.Result(StatusCodes.Status409Conflict, "an account with this name already exists");
        }
        var (user, account) = (result.User!, result.Account!);
        loggers.CreateLogger(typeof(AuthEndpoints)).LogInformation("Signup: user {UserId} created account {AccountId}", user.Id, account.Id);
        await BrowserSignIn.SignInAsync(http, user);
        return Results.Json(
            new SignupResponse(user.Id, user.Email, new AccountView(account.Id, account.Name, AccountRole.Owner.ToText())),
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, LoginAttempts attempts, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<LoginRequest>(http.Request, ct);
        if (error is not null || body is null)
        {
            return error!;
        }
        var attempt = await attempts.AttemptAsync(Security.ClientAddress.Key(http), body.Email, body.Password, ct);
        switch (attempt.Outcome)
        {
            case LoginOutcome.Throttled:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(attempt.Wait.TotalSeconds)).ToString();
                return ApiError.Result(StatusCodes.Status429TooManyRequests, attempt.Message!);
            case LoginOutcome.InvalidCredentials:
                return ApiError.Result(StatusCodes.Status401Unauthorized, attempt.Message!);
        }
        var user = attempt.User!;
        await BrowserSignIn.SignInAsync(http, user);
        return Results.Ok(new { userId = user.Id, email = user.Email });
    }

    private static async Task<IResult> LogoutAsync(
        HttpContext http, EndedLogins ended, LoginConnections connections, TimeProvider clock, CancellationToken ct)
    {
        // Ended on the server too, so a copy of this cookie cannot be used after logout. Kept for a whole
        // cookie lifetime from now: a copy could have slid its own expiry later than this cookie's.
        if (http.User.FindFirst(ScoutClaims.LoginId)?.Value is { } loginId)
        {
            await ended.EndAsync(loginId, clock.GetUtcNow() + BrowserCookie.Lifetime, ct);
            connections.Close(loginId);
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Scout.Web.Auth;

/// <summary>
/// Cookie settings and the answer to a request that is not logged in: pages redirect to
/// /login?returnUrl=..., API and hub calls get 401 JSON (a script cannot follow a login redirect).
/// </summary>
public static class BrowserCookie
{
    public const string Name = "scout.auth";
    public const string LoginPath = "/login";

    /// <summary>How long a cookie lives without use (it slides with use).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = Lifetime;
        options.LoginPath = LoginPath;
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnRedirectToLogin = context =>
        {
            if (IsScriptRequest(context.Request))
            {
                return ApiError.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "not logged in");
            }
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
            ApiError.WriteAsync(context.Response, StatusCodes.Status403Forbidden, "not allowed");
        options.Events.OnValidatePrincipal = RefuseEndedLoginsAsync;
    }

    /// <summary>A cookie of a login that logged out (a copy kept elsewhere, or replayed) is refused.</summary>
    private static async Task RefuseEndedLoginsAsync(CookieValidatePrincipalContext context)
    {
        var loginId = context.Principal?.FindFirst(ScoutClaims.LoginId)?.Value;
        var ended = context.HttpContext.RequestServices.GetRequiredService<Accounts.Storage.EndedLogins>();
        // A cookie without a login id predates logout support: it cannot be ended, so it is not accepted.
        if (loginId is null || await ended.IsEndedAsync(loginId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>API and hub paths, and anything but a plain page load, want a status code rather than a redirect.</summary>
    public static bool IsScriptRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
        || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
}

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

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = TimeSpan.FromDays(7);
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
    }

    /// <summary>API and hub paths, and anything but a plain page load, want a status code rather than a redirect.</summary>
    public static bool IsScriptRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
        || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
}

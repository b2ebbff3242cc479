using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Scout.Web.Accounts.Api;

/// <summary>
/// GET /login shows a plain form; POST /login (form-encoded) logs in and redirects to the local
/// returnUrl or "/". Styled by the browser UI's stylesheet (wwwroot/css/scout.css).
/// </summary>
internal static class LoginPage
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", (string? returnUrl, AccountsSettings settings) => Page(returnUrl, null, StatusCodes.Status200OK, settings.SignupEnabled)).AllowAnonymous();
        routes.MapPost("/login", PostAsync).RequireRateLimiting(AccountsRateLimits.LoginPolicy).AllowAnonymous();
    }

    /// <summary>Only same-site paths: "/x" but not "//host" or "/\host", which browsers treat as another host.</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private static async Task<IResult> PostAsync(HttpContext http, LoginAttempts attempts, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Page(null, "the form was not sent as a form", StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        var (outcome, user) = await attempts.AttemptAsync(form["email"].ToString(), form["password"].ToString(), ct);
        switch (outcome)
        {
            case LoginOutcome.Throttled:
                return Page(returnUrl, LoginAttempts.ThrottledMessage, StatusCodes.Status429TooManyRequests);
            case LoginOutcome.InvalidCredentials:
                return Page(returnUrl, LoginAttempts.InvalidMessage, StatusCodes.Status401Unauthorized);
        }
        await BrowserSignIn.SignInAsync(http, user!);
        return Results.Redirect(IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private static ContentHttpResult Page(string? returnUrl, string? error, int status, bool signup = false)
    {
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"""<p class="error" role="alert">{html.Encode(error)}</p>""";
        var signupLink = signup ? """<p class="hint">No account yet? <a href="/signup">Sign up</a></p>""" : "";
        var body = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Log in · Scout</title><link rel="stylesheet" href="/css/scout.css"></head>
            <body class="narrow">
            <main class="card">
            <h1>Log in to Scout</h1>
            {message}
            <form method="post" action="/login">
              <input type="hidden" name="returnUrl" value="{html.Encode(IsLocalUrl(returnUrl) ? returnUrl! : "/")}">
              <label>Email <input type="email" name="email" autocomplete="username" required autofocus></label>
              <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
              <button type="submit">Log in</button>
            </form>
            {signupLink}
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(body, "text/html; charset=utf-8", statusCode: status);
    }
}

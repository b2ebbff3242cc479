using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Scout.Web.Accounts.Api;

/// <summary>
/// GET /login shows a plain form; POST /login (form-encoded) logs in and redirects to the local
/// returnUrl or "/". Styled by the browser UI's stylesheet (wwwroot/css/scout.css). The form carries an
/// antiforgery token (cookie + hidden field), so another site cannot post its own credentials into a visitor's
/// browser (login CSRF) even where a browser sends no Origin.
/// </summary>
internal static class LoginPage
{
    public const string FormExpired = "the form expired; please try again";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", (HttpContext http, string? returnUrl, AccountsSettings settings, IAntiforgery antiforgery) =>
            Page(http, antiforgery, returnUrl, null, StatusCodes.Status200OK, settings.SignupEnabled)).AllowAnonymous();
        routes.MapPost("/login", PostAsync).RequireRateLimiting(AccountsRateLimits.LoginPolicy).AllowAnonymous();
    }

    /// <summary>Only same-site paths: "/x" but not "//host" or "/\host", which browsers treat as another host.</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>
    /// A refused form comes back with the email as typed and the sign-up link, so a person with a typo or no account
    /// yet sees what went wrong and where to go; the password is never sent back.
    /// </summary>
    private static async Task<IResult> PostAsync(
        HttpContext http, LoginAttempts attempts, IAntiforgery antiforgery, AccountsSettings settings, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Page(http, antiforgery, null, "the form was not sent as a form", StatusCodes.Status400BadRequest, settings.SignupEnabled);
        }
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        var email = form["email"].ToString();
        // An email longer than any email is refused unread by the login; it is not worth echoing either.
        var echoed = email.Length <= SignupValidation.MaxEmailLength ? email : null;
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, returnUrl, FormExpired, StatusCodes.Status400BadRequest, settings.SignupEnabled, echoed);
        }
        var attempt = await attempts.AttemptAsync(Security.ClientAddress.Key(http), email, form["password"].ToString(), ct);
        if (attempt.Outcome != LoginOutcome.Success)
        {
            var status = attempt.Outcome == LoginOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            return Page(http, antiforgery, returnUrl, attempt.Message, status, settings.SignupEnabled, echoed);
        }
        await BrowserSignIn.SignInAsync(http, attempt.User!);
        return Results.Redirect(IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private static ContentHttpResult Page(
        HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status, bool signup, string? email = null)
    {
        var html = HtmlEncoder.Default;
        // With the email kept, the cursor goes where the next keystroke belongs: the password.
        var emailValue = string.IsNullOrEmpty(email) ? "" : $""" value="{html.Encode(email)}" """.TrimEnd();
        var token = antiforgery.GetAndStoreTokens(http);
        var message = error is null ? "" : $"""<p class="error" role="alert">{html.Encode(error)}</p>""";
        var signupLink = signup ? """<p class="hint">No account yet? <a href="/signup">Sign up</a></p>""" : "";
        var body = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Log in · Scout</title><link rel="stylesheet" href="/css/scout.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><script src="/js/theme.js"></script></head>
            <body class="narrow">
            <main class="card">
            <h1>Log in to Scout</h1>
            {message}
            <form method="post" action="/login">
              <input type="hidden" name="{html.Encode(token.FormFieldName)}" value="{html.Encode(token.RequestToken ?? "")}">
              <input type="hidden" name="returnUrl" value="{html.Encode(IsLocalUrl(returnUrl) ? returnUrl! : "/")}">
              <label>Email <input type="email" name="email" autocomplete="username" maxlength="{SignupValidation.MaxEmailLength}" required{emailValue}{(emailValue.Length == 0 ? " autofocus" : "")}></label>
              <label>Password <input type="password" name="password" autocomplete="current-password" maxlength="{SignupValidation.MaxPasswordLength}" required{(emailValue.Length == 0 ? "" : " autofocus")}></label>
              <button type="submit">Log in</button>
            </form>
            {signupLink}
            </main>
            </body>
            </html>
            """;
        // The page holds a fresh token: no cache may hand it to someone else.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(body, "text/html; charset=utf-8", statusCode: status);
    }
}

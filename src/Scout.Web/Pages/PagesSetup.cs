using Microsoft.Extensions.FileProviders;
using Scout.Web.Auth;
using Scout.Web.BrowserHub;

namespace Scout.Web.Pages;

/// <summary>
/// The browser UI: static assets (wwwroot/css, js, lib) and the three pages. Pages are plain HTML
/// shells that fetch their data from /api and /hubs/metrics; the endpoints here only decide who may
/// see a page. Two calls in Program.cs: <c>app.UseScoutStaticFiles()</c> first, and <c>app.MapScoutPages()</c>
/// after <c>UseScoutAccounts()</c>.
/// </summary>
public static class PagesSetup
{
    /// <summary>Static assets (public: the login page needs them too), served before authentication so an asset
    /// request costs no cookie check (each check reads the database: <c>BrowserCookie</c>).</summary>
    public static WebApplication UseScoutStaticFiles(this WebApplication app)
    {
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapScoutPages(this WebApplication app)
    {
        // Not logged in: the Browser policy answers a page load with 302 /login?returnUrl=<path>.
        app.MapGet("/", (IWebHostEnvironment env) => Shell(env, "servers.html")).RequireAuthorization(ScoutPolicies.Browser);
        app.MapGet("/wall", (IWebHostEnvironment env) => Shell(env, "wall.html")).RequireAuthorization(ScoutPolicies.Browser);
        // A literal segment outranks {id} in routing, so no server id can shadow this page.
        app.MapGet("/servers/new", (IWebHostEnvironment env) => Shell(env, "add-server.html")).RequireAuthorization(ScoutPolicies.Browser);
        // The page is for owners; the keys API it calls refuses everyone else, and the page says so.
        app.MapGet("/account/keys", (IWebHostEnvironment env) => Shell(env, "keys.html")).RequireAuthorization(ScoutPolicies.Browser);
        app.MapGet("/servers/{id}", ServerPageAsync).RequireAuthorization(ScoutPolicies.Browser);
        // With sign-up switched off the page is gone as well as the API, rather than a form that always fails.
        app.MapGet("/signup", (IWebHostEnvironment env, Scout.Web.Accounts.AccountsSettings settings) => settings.SignupEnabled
            ? Shell(env, "signup.html")
            : Shell(env, "not-found.html", StatusCodes.Status404NotFound)).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The same check as StartRealtime: an unknown server and one of another account both get 404,
    /// so the answer tells nobody which ids exist.
    /// </summary>
    private static async Task<IResult> ServerPageAsync(
        string id, HttpContext http, IServerDirectory servers, IWebHostEnvironment env, CancellationToken ct)
    {
        var userId = http.User.FindFirst(ScoutClaims.UserId)?.Value;
        var server = string.IsNullOrWhiteSpace(id) || id.Length > 64 || userId is null
            ? null
            : await servers.FindServerAsync(id, ct);
        if (server is null || !await servers.IsMemberAsync(userId!, server.AccountId, ct))
            return Shell(env, "not-found.html", StatusCodes.Status404NotFound);
        return Shell(env, "server.html");
    }

    private static IResult Shell(IWebHostEnvironment env, string page, int status = StatusCodes.Status200OK)
    {
        IFileInfo file = env.WebRootFileProvider.GetFileInfo("pages/" + page);
        if (!file.Exists)
            return Results.Problem($"page {page} is missing from wwwroot", statusCode: StatusCodes.Status500InternalServerError);
        using var reader = new StreamReader(file.CreateReadStream());
        return Results.Content(reader.ReadToEnd(), "text/html; charset=utf-8", statusCode: status);
    }
}

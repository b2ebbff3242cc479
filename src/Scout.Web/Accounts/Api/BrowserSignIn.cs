using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>Issues the browser cookie for a user whose password was just checked.</summary>
internal static class BrowserSignIn
{
    public static Task SignInAsync(HttpContext http, UserRecord user)
    {
        Claim[] claims =
        [
            new(ScoutClaims.UserId, user.Id),
            new(ScoutClaims.Email, user.Email),
            new(ScoutClaims.LoginId, ScoutIds.New()),
            // SignalR's default user-id provider reads NameIdentifier (Clients.User(id)).
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Email),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = true });
    }
}

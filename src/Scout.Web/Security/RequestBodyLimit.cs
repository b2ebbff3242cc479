using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Scout.Web.Auth;

namespace Scout.Web.Security;

/// <summary>
/// Login, sign-up and the JSON API take a few short fields: their bodies are capped far below Kestrel's 30 MB,
/// so a 14 MB email is refused while it arrives (413) instead of being read, parsed and kept. A body that breaks
/// the cap, or is cut off, is answered with Kestrel's status as a JSON error rather than a 500.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<HttpSecuritySettings> settings)
{
    public const string TooLarge = "request body too large";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!IsForm(http.Request.Path))
        {
            await next(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.Value.MaxFormBytes;
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            await ApiError.WriteAsync(http.Response, e.StatusCode,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : "malformed request body");
        }
    }

    private static bool IsForm(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments(Auth.BrowserCookie.LoginPath);
}

using Microsoft.Extensions.Options;

namespace Scout.Web.Security;

/// <summary>
/// Browser hardening on every response: a Content-Security-Policy that runs only the node's own script and style
/// files (the pages have no inline script or style, so an injected one does nothing), no framing by any site,
/// no MIME sniffing, no Referer to other sites; and on HTTPS, Strict-Transport-Security.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<HttpSecuritySettings> settings)
{
    /// <summary>connect-src 'self' covers the hub's ws:/wss: on the same host; img-src allows data: for canvases
    /// turned into images; form-action 'self' keeps the login form from posting anywhere else.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly string _hsts = $"max-age={(long)settings.Value.HstsMaxAge.TotalSeconds}";

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // For browsers older than frame-ancestors.
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (http.Request.IsHttps)
            headers.StrictTransportSecurity = _hsts;
        return next(http);
    }
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Scout.Web.Security;

/// <summary>
/// The node's web front against hostile browsers and clients: forwarded headers from known proxies only, hardening
/// headers, capped bodies, Origin checks, antiforgery for the login form, HTTPS with a configured certificate and
/// then Secure cookies and HSTS. Two calls in Program.cs: <c>builder.AddScoutWebSecurity()</c>, and
/// <c>app.UseScoutWebSecurity()</c> before anything else.
/// </summary>
public static class WebSecuritySetup
{
    public const string AntiforgeryCookie = "scout.af";
    public const string AntiforgeryField = "__scout_af";

    public static WebApplicationBuilder AddScoutWebSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpSecuritySettings>().BindConfiguration(HttpSecuritySettings.Section);
        services.AddSingleton<PublicOrigins>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ForwardedHeadersSetup>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.FormFieldName = AntiforgeryField;
            // Only the form carries the token; no header a script could be tricked into sending.
            o.HeaderName = null;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // SecurityHeaders sends DENY for every response; the antiforgery default (SAMEORIGIN) would be weaker.
            o.SuppressXFrameOptionsHeader = true;
        });
        // With HTTPS (a certificate here, or https public origins behind a TLS proxy) no cookie is ever sent in clear.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .PostConfigure<IOptions<HttpSecuritySettings>>((o, s) =>
            {
                if (s.Value.HttpsOnly)
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        services.AddOptions<AntiforgeryOptions>()
            .PostConfigure<IOptions<HttpSecuritySettings>>((o, s) =>
            {
                if (s.Value.HttpsOnly)
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        // Read when Kestrel starts, not here: test hosts add settings after Program's first lines.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var certificate = kestrel.ApplicationServices.GetRequiredService<IOptions<HttpSecuritySettings>>().Value.Certificate;
            if (!string.IsNullOrEmpty(certificate.Path))
            {
                var loaded = HttpsCertificate.Load(certificate);
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = loaded);
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client's real address and scheme before anything keys on them, headers on
    /// every response (static files included), refusals before authentication reads the database.</summary>
    public static WebApplication UseScoutWebSecurity(this WebApplication app)
    {
        // ASP.NET Core believes everybody when no proxy is listed: no listed proxy, no forwarded headers at all.
        var settings = app.Services.GetRequiredService<IOptions<HttpSecuritySettings>>().Value;
        if (settings.KnownProxies.Length + settings.KnownNetworks.Length > 0)
            app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<OriginCheck>();
        return app;
    }
}

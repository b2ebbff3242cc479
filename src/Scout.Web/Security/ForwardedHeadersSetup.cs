using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Scout.Web.Security;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies named in Scout:Http:KnownProxies or
/// Scout:Http:KnownNetworks (ASP.NET Core's default loopback entries are cleared; and since it believes everybody
/// when both lists are empty, the middleware is not used at all without a listed proxy: WebSecuritySetup).
/// Otherwise anyone could name any address and walk around the per-address login limits, or claim https.
/// </summary>
internal sealed class ForwardedHeadersSetup(IOptions<HttpSecuritySettings> settings) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // Walk back through as many trusted proxies as there are; stop at the first address nobody vouches for.
        options.ForwardLimit = null;
        foreach (var proxy in settings.Value.KnownProxies)
            options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        foreach (var network in settings.Value.KnownNetworks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
    }
}

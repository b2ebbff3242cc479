using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Scout.Web.Accounts;

namespace Scout.Web.Security;

/// <summary>
/// The origins the node's own pages are served from, against which a browser's <c>Origin</c> is checked. Either
/// configured (<c>Scout:Http:PublicOrigins</c>, plus <c>Scout:PublicUrl</c>), or, when nothing is configured,
/// the addresses Kestrel listens on: so the default <c>dotnet run</c> on http://127.0.0.1:5080 works when opened
/// as http://localhost:5080 too, and a test node on a random port works without any setting. A wildcard listen
/// (0.0.0.0, [::]) allows the request's own Host on that scheme and port (an attacker's page cannot choose the Host
/// a victim's browser sends to the node); configure the public origin there all the same.
/// </summary>
public sealed class PublicOrigins(IOptions<HttpSecuritySettings> settings, AccountsSettings accounts, IServer server)
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private volatile Origin[]? _allowed;

    /// <summary>True when <paramref name="origin"/> (a serialized origin or any absolute URL) is one of the node's;
    /// <paramref name="requestHost"/> is the Host the request was sent to.</summary>
    public bool Allows(string? origin, HostString requestHost) =>
        Origin.TryParse(origin, out var seen) && Allowed().Any(a => a.Matches(seen, requestHost));

    private Origin[] Allowed()
    {
        if (_allowed is { } known)
            return known;
        var configured = settings.Value.PublicOrigins.Append(accounts.PublicUrl).ToList();
        var origins = configured.Any(o => !string.IsNullOrEmpty(o))
            ? Parse(configured)
            : Parse(Listening().SelectMany(WithLoopbackAliases));
        // The listening addresses are known only once the server started; keep asking until then.
        if (origins.Length > 0)
            _allowed = origins;
        return origins;
    }

    private IEnumerable<string> Listening() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    private static IEnumerable<string> WithLoopbackAliases(string address)
    {
        yield return address;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !IsLoopback(uri.Host))
            yield break;
        foreach (var name in LoopbackNames)
            yield return $"{uri.Scheme}://{name}:{uri.Port}";
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static Origin[] Parse(IEnumerable<string?> texts) =>
        [.. texts.Select(t => Origin.TryParse(t, out var o) ? o : (Origin?)null).OfType<Origin>().Distinct()];

    /// <summary>Scheme, host and port; a null host (a wildcard listen) matches the host the request was sent to.</summary>
    private readonly record struct Origin(string Scheme, string? Host, int Port)
    {
        public bool Matches(Origin seen, HostString requestHost) =>
            Scheme == seen.Scheme && Port == seen.Port
            && (Host ?? requestHost.Host.ToLowerInvariant()) == seen.Host;

        public static bool TryParse(string? text, out Origin origin)
        {
            origin = default;
            // Kestrel reports wildcard listens as http://[::]:80, http://0.0.0.0:80 or http://+:80.
            var wildcard = text is not null && (text.Contains("://+:") || text.Contains("://*:"));
            if (wildcard)
                text = text!.Replace("://+:", "://0.0.0.0:").Replace("://*:", "://0.0.0.0:");
            if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                return false;
            var host = uri.Host.ToLowerInvariant();
            var any = wildcard || host is "0.0.0.0" or "[::]";
            origin = new Origin(uri.Scheme, any ? null : host, uri.Port);
            return true;
        }
    }
}

namespace Scout.Web.Security;

/// <summary>
/// Settings of the node's web front (section <c>Scout:Http</c>): which origins its pages are served from, which
/// proxies may name the client's address, and the certificate for HTTPS. Bound from configuration.
/// </summary>
public sealed class HttpSecuritySettings
{
    public const string Section = "Scout:Http";

    /// <summary>
    /// Origins (<c>https://scout.example.com</c>) a browser may send state changes and hub handshakes from. Empty:
    /// the node's own listening addresses, with localhost, 127.0.0.1 and [::1] standing in for each other
    /// (<see cref="PublicOrigins"/>). Behind a proxy, name the address people type.
    /// </summary>
    public string[] PublicOrigins { get; set; } = [];

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed. Empty: nobody's.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, <c>10.0.0.0/24</c>) of reverse proxies whose forwarded headers are believed.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Certificate Kestrel serves every https:// URL with.</summary>
    public CertificateSettings Certificate { get; set; } = new();

    /// <summary>Strict-Transport-Security max-age sent on HTTPS responses.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Largest body accepted by /api and /login (all of them carry a few small fields).</summary>
    public long MaxFormBytes { get; set; } = 16 * 1024;

    public sealed class CertificateSettings
    {
        /// <summary>A .pfx (with <see cref="Password"/>) or a PEM certificate (with <see cref="KeyPath"/>).</summary>
        public string? Path { get; set; }

        public string? KeyPath { get; set; }

        public string? Password { get; set; }
    }

    /// <summary>True when the node serves HTTPS itself, or is told it sits behind a TLS proxy (public origins all https).</summary>
    public bool HttpsOnly =>
        !string.IsNullOrEmpty(Certificate.Path)
        || (PublicOrigins.Length > 0 && PublicOrigins.All(o => o.StartsWith("https://", StringComparison.OrdinalIgnoreCase)));
}

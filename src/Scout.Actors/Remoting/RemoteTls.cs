using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Scout.Actors.Remoting;

/// <summary>
/// Where a process's Akka.Remote certificate and the cluster's certificate authority are (node: <c>Scout:Cluster:Tls</c>;
/// ops console: <c>--cert</c>, <c>--ca</c>, or the same keys as <c>Scout__Cluster__Tls__*</c>). Either file set means TLS
/// is on; then both the certificate and the CA are needed.
/// </summary>
public sealed class TlsSettings
{
    public const string Section = "Scout:Cluster:Tls";

    /// <summary>This process's certificate: a PKCS#12 file (.pfx/.p12, with its private key) or a PEM certificate
    /// (then <see cref="KeyPath"/> names its PEM private key).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's when it is encrypted; empty: none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>; unused for PKCS#12.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PEM file with the CA certificate(s) every peer's certificate must chain to (one or more, concatenated).</summary>
    public string? CaPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CaPath);
}

/// <summary>Thrown when TLS is misconfigured or required and missing; its message says which setting to set.</summary>
public sealed class RemoteTlsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Mutual TLS for Akka.Remote (DotNetty): this process's certificate and a validator that accepts a peer only when its
/// certificate chains to the configured CA (a custom root: the machine's trust store plays no part) and is inside
/// its validity period. Host names are not compared (nodes are reached by IP), and revocation is not checked (the
/// cluster CA publishes no revocation list; see docs/security-remoting.md). Both directions run it: a node accepting
/// a connection checks the client's certificate, and the one dialling checks the server's.
/// </summary>
public sealed class RemoteTls
{
    /// <summary>The HOCON that switches DotNetty's TLS on; the certificate and validator come from <see cref="Setup"/>.</summary>
    public const string EnableSslHocon = "akka.remote.dot-netty.tcp.enable-ssl = on";

    private RemoteTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The trusted CA certificates (no private keys).</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>The address scheme of a remoting with or without TLS (DotNetty prefixes its transport with "ssl.").</summary>
    public static string Protocol(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>True for 127.0.0.0/8, ::1 and localhost: the only hosts remoting may bind without TLS.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host.Trim(), "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim().Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Loads the files named by <paramref name="settings"/>, and refuses a certificate that peers would refuse (no
    /// private key, not signed by the CA, expired). <paramref name="name"/> turns a setting's property name into the
    /// words this process's operator sets it with.
    /// </summary>
    public static RemoteTls Load(TlsSettings settings, Func<string, string> name)
    {
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
            throw new RemoteTlsException($"{name(nameof(TlsSettings.CaPath))} is set but {name(nameof(TlsSettings.CertificatePath))} is not: " +
                                         "TLS needs this process's own certificate as well as the CA");
        if (string.IsNullOrWhiteSpace(settings.CaPath))
            throw new RemoteTlsException($"{name(nameof(TlsSettings.CertificatePath))} is set but {name(nameof(TlsSettings.CaPath))} is not: " +
                                         "without the cluster's CA no peer can be checked");
        var authorities = LoadAuthorities(settings.CaPath, name(nameof(TlsSettings.CaPath)));
        var certificate = LoadCertificate(settings, name);
        if (!certificate.HasPrivateKey)
            throw new RemoteTlsException($"{name(nameof(TlsSettings.CertificatePath))} ({settings.CertificatePath}) has no private key: " +
                                         $"give a PKCS#12 file with its key, or the PEM key as {name(nameof(TlsSettings.KeyPath))}");
        var tls = new RemoteTls(certificate, authorities);
        if (tls.Check(certificate) is { } problem)
            throw new RemoteTlsException($"{name(nameof(TlsSettings.CertificatePath))} ({certificate.Subject}) would be refused by every peer: {problem}");
        return tls;
    }

    /// <summary>Null when <paramref name="certificate"/> chains to one of the CAs and is valid now; else why not.</summary>
    public string? Check(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        // Offline CA, no revocation list or OCSP responder; and never fetch intermediates from a URL a peer names.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        var built = chain.Build(certificate);
        var reasons = built ? null : string.Join("; ", chain.ChainStatus.Select(s => s.Status).Distinct().Select(Describe));
        // Runs on every handshake: the chain's own copies of the certificates are not left to the finalizer.
        foreach (var element in chain.ChainElements)
            if (!ReferenceEquals(element.Certificate, certificate) && !Authorities.Contains(element.Certificate))
                element.Certificate.Dispose();
        return reasons;
    }

    private static string Describe(X509ChainStatusFlags flag) => flag switch
    {
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "not issued by the cluster's CA",
        X509ChainStatusFlags.NotTimeValid => "expired or not yet valid",
        X509ChainStatusFlags.NotSignatureValid => "signature does not verify",
        _ => flag.ToString(),
    };

    /// <summary>The callback DotNetty runs on every handshake, both sides. Akka's own chain check would use the
    /// machine's trust store; this one uses the cluster's CA only, and ignores <paramref name="errors"/> for that reason
    /// (they come from the machine store and host-name matching), except that a missing certificate is refused.</summary>
    public bool Validate(X509Certificate2? certificate, X509Chain? chain, string peer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            log.Warning("Akka.Remote TLS: {0} presented no certificate; refused", peer);
            return false;
        }
        if (Check(certificate) is { } problem)
        {
            log.Warning("Akka.Remote TLS: {0} presented {1} (issuer {2}): {3}; refused", peer, certificate.Subject, certificate.Issuer, problem);
            return false;
        }
        return true;
    }

    /// <summary>DotNetty's setup: this certificate, mutual authentication required, no host-name check, our validator.</summary>
    public Setup Setup() =>
        new DotNettySslSetup(Certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: Validate);

    /// <summary>
    /// Null when remoting may listen on <paramref name="bindHost"/> as configured; otherwise the refusal: plain TCP is
    /// allowed on a loopback address only (the single-node default), since anyone who reaches the port could join
    /// the cluster or run the ops console's commands.
    /// </summary>
    /// <param name="risk">What an unauthenticated peer could do, in the operator's words.</param>
    public static string? PlainTcpProblem(string bindHost, TlsSettings settings, string hostSetting, string tlsSettings, string risk) =>
        settings.Enabled || IsLoopback(bindHost)
            ? null
            : $"{hostSetting} is {bindHost}, not a loopback address, and Akka.Remote has no TLS: {risk}. " +
              $"Set {tlsSettings} (docs/security-remoting.md), or use 127.0.0.1 for a single node";

    private static X509Certificate2Collection LoadAuthorities(string path, string setting)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RemoteTlsException($"{setting} ({path}) could not be read as PEM certificates: {e.Message}", e);
        }
        if (authorities.Count == 0)
            throw new RemoteTlsException($"{setting} ({path}) holds no PEM certificate");
        // Only the public certificates are kept: a CA key has no business on a node.
        var publicOnly = new X509Certificate2Collection();
        foreach (var authority in authorities)
        {
            publicOnly.Add(X509CertificateLoader.LoadCertificate(authority.RawData));
            authority.Dispose();
        }
        return publicOnly;
    }

    private static X509Certificate2 LoadCertificate(TlsSettings settings, Func<string, string> name)
    {
        var path = settings.CertificatePath!;
        var password = string.IsNullOrEmpty(settings.CertificatePassword) ? null : settings.CertificatePassword;
        try
        {
            if (!string.IsNullOrWhiteSpace(settings.KeyPath))
                return password is null
                    ? X509Certificate2.CreateFromPemFile(path, settings.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, settings.KeyPath);
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var what = string.IsNullOrWhiteSpace(settings.KeyPath)
                ? $"as PKCS#12 (check {name(nameof(TlsSettings.CertificatePassword))}, or give a PEM key as {name(nameof(TlsSettings.KeyPath))})"
                : $"as a PEM certificate with the key {settings.KeyPath}";
            throw new RemoteTlsException($"{name(nameof(TlsSettings.CertificatePath))} ({path}) could not be loaded {what}: {e.Message}", e);
        }
    }
}

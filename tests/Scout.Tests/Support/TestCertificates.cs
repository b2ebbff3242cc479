using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Scout.Actors.Remoting;

namespace Scout.Tests.Support;

/// <summary>
/// A throw-away certificate authority and certificates made at test time (<see cref="CertificateRequest"/>, ECDSA
/// P-256: instant to make on 2 cores), written to a temp folder deleted on dispose. Nothing of it is committed.
/// The cluster's CA signs <see cref="Node"/>, <see cref="SecondNode"/> and <see cref="Operator"/>; another CA signs
/// <see cref="Stranger"/>; <see cref="SelfSigned"/> signs itself; <see cref="Expired"/> is the cluster CA's, but
/// out of date.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string Password = "test-only-password";

    public TestCertificates()
    {
        Directory.CreateDirectory(Folder);
        using var clusterCa = Authority("CN=Scout test cluster CA");
        using var otherCa = Authority("CN=Some other CA");
        CaPath = Path.Combine(Folder, "cluster-ca.pem");
        File.WriteAllText(CaPath, clusterCa.ExportCertificatePem());
        OtherCaPath = Path.Combine(Folder, "other-ca.pem");
        File.WriteAllText(OtherCaPath, otherCa.ExportCertificatePem());
        var now = DateTimeOffset.UtcNow;
        Node = Pfx("node", Issue(clusterCa, "CN=node-a", now.AddDays(-1), now.AddDays(30)));
        SecondNode = Pfx("node-b", Issue(clusterCa, "CN=node-b", now.AddDays(-1), now.AddDays(30)));
        Operator = Pfx("operator", Issue(clusterCa, "CN=operator alice", now.AddDays(-1), now.AddDays(30)));
        Stranger = Pfx("stranger", Issue(otherCa, "CN=node-a", now.AddDays(-1), now.AddDays(30)));
        Expired = Pfx("expired", Issue(clusterCa, "CN=node-old", now.AddDays(-30), now.AddDays(-1)));
        var selfKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SelfSigned = Pfx("self-signed", Request("CN=node-a", selfKey).CreateSelfSigned(now.AddDays(-1), now.AddDays(30)));
        OperatorPem = Pem("operator-pem", Issue(clusterCa, "CN=operator bob", now.AddDays(-1), now.AddDays(30)));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "scout-tests", "tls-" + Guid.NewGuid().ToString("N"));

    /// <summary>The cluster CA's certificate (PEM, no key).</summary>
    public string CaPath { get; }

    /// <summary>The other CA's certificate, the one that signed <see cref="Stranger"/>.</summary>
    public string OtherCaPath { get; }

    public string Node { get; }
    public string SecondNode { get; }
    public string Operator { get; }
    public string Stranger { get; }
    public string SelfSigned { get; }
    public string Expired { get; }

    /// <summary>A cluster-CA certificate as PEM certificate + PEM key files (the key in <see cref="TlsSettings.KeyPath"/>).</summary>
    public TlsSettings OperatorPem { get; }

    /// <summary>Settings for a PKCS#12 file of this set, trusting the cluster CA.</summary>
    public TlsSettings Settings(string pfx) => new() { CertificatePath = pfx, CertificatePassword = Password, CaPath = CaPath };

    /// <summary>The node's configuration keys for a PKCS#12 file of this set.</summary>
    public Dictionary<string, string?> NodeSettings(string pfx) => new()
    {
        ["Scout:Cluster:Tls:CertificatePath"] = pfx,
        ["Scout:Cluster:Tls:CertificatePassword"] = Password,
        ["Scout:Cluster:Tls:CaPath"] = CaPath,
    };

    /// <summary>The console's flags for a PKCS#12 file of this set.</summary>
    public string[] ConsoleFlags(string pfx) => ["--cert", pfx, "--cert-password", Password, "--ca", CaPath];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static CertificateRequest Request(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // Each peer is a TLS server to those who dial it and a client of those it dials.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request;
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-60), now.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, DateTimeOffset from, DateTimeOffset to)
    {
        // Not disposed here: the certificate returned holds it until it is written out.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(subject, key);
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(authority, from, to, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private string Pfx(string name, X509Certificate2 certificate)
    {
        using (certificate)
        {
            var path = Path.Combine(Folder, name + ".pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
            return path;
        }
    }

    private TlsSettings Pem(string name, X509Certificate2 certificate)
    {
        using (certificate)
        {
            var certPath = Path.Combine(Folder, name + ".crt");
            var keyPath = Path.Combine(Folder, name + ".key");
            File.WriteAllText(certPath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return new TlsSettings { CertificatePath = certPath, KeyPath = keyPath, CaPath = CaPath };
        }
    }
}

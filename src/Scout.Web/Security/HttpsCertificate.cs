using System.Security.Cryptography.X509Certificates;

namespace Scout.Web.Security;

/// <summary>
/// The certificate for the node's https:// URLs (Scout:Http:Certificate:Path, with :KeyPath for PEM or :Password
/// for a .pfx). Kestrel's own configuration (Kestrel:Endpoints:...:Certificate) works too; this one covers every
/// https URL given with --urls.
/// </summary>
public static class HttpsCertificate
{
    public static X509Certificate2 Load(HttpSecuritySettings.CertificateSettings settings)
    {
        var path = settings.Path ?? throw new InvalidOperationException("Scout:Http:Certificate:Path is not set");
        try
        {
            return string.IsNullOrEmpty(settings.KeyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password)
                : X509Certificate2.CreateFromPemFile(path, settings.KeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Scout:Http:Certificate: cannot load '{path}': {e.Message}", e);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Keys;

/// <summary>
/// Agent keys look like <c>sk_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id finds the row; only a
/// SHA-256 of the secret is stored. The secret is 32 random letters/digits (about 190 bits), so a
/// fast hash is enough: there is nothing to brute-force that a slow hash would protect.
/// </summary>
public static class AgentKeyFormat
{
    public const string Prefix = "sk_";
    public const int SecretLength = 32;

    public static int KeyLength => Prefix.Length + ScoutIds.Length + 1 + SecretLength;

    public static string NewSecret() => RandomNumberGenerator.GetString(ScoutIds.Alphabet, SecretLength);

    public static string Compose(string keyId, string secret) => $"{Prefix}{keyId}_{secret}";

    /// <summary>Splits a presented key. False for anything that is not exactly the documented shape.</summary>
    public static bool TryParse(
        string? key, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        keyId = secret = null;
        if (key is null || key.Length != KeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + ScoutIds.Length] != '_')
        {
            return false;
        }
        var id = key.Substring(Prefix.Length, ScoutIds.Length);
        var rest = key[(Prefix.Length + ScoutIds.Length + 1)..];
        if (!ScoutIds.IsWellFormed(id) || !rest.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }
        (keyId, secret) = (id, rest);
        return true;
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>Constant-time comparison, so response timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(HashSecret(secret), storedHash);
}

using Microsoft.AspNetCore.Identity;

namespace Scout.Web.Accounts.Passwords;

/// <summary>Outcome of checking a password against a stored hash.</summary>
public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>Correct, but hashed with older parameters: store a fresh hash.</summary>
    SuccessRehashNeeded,
}

/// <summary>
/// Wraps ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned format).
/// Also burns the same work for unknown emails, so a login's timing does not reveal whether the
/// email has an account.
/// </summary>
public sealed class PasswordHashing
{
    // The default hasher ignores the user object; one shared stand-in satisfies its signature.
    private static readonly Subject Anyone = new();

    private readonly PasswordHasher<Subject> _hasher = new();
    private readonly Lazy<string> _decoyHash;

    public PasswordHashing()
    {
        _decoyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(Guid.NewGuid().ToByteArray())));
    }

    public string Hash(string password) => _hasher.HashPassword(Anyone, password);

    public PasswordCheck Verify(string storedHash, string password) =>
        _hasher.VerifyHashedPassword(Anyone, storedHash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };

    /// <summary>Spends the time of a real verification; the result is meaningless and ignored.</summary>
    public void VerifyAgainstDecoy(string password) => _hasher.VerifyHashedPassword(Anyone, _decoyHash.Value, password);

    private sealed class Subject;
}

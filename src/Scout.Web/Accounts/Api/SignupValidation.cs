using System.Net.Mail;

namespace Scout.Web.Accounts.Api;

/// <summary>Checks a signup's fields; the first problem found is returned as a sentence for the user.</summary>
public static class SignupValidation
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;
    public const int MaxEmailLength = 254;
    public const int MaxAccountNameLength = 64;

    public static string? Problem(string? email, string? password, string? account)
    {
        if (!IsEmail(email))
        {
            return "email must look like name@host";
        }
        if (password is null || password.Length < MinPasswordLength)
        {
            return $"password must be at least {MinPasswordLength} characters";
        }
        if (password.Length > MaxPasswordLength)
        {
            return $"password must be at most {MaxPasswordLength} characters";
        }
        var name = account?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxAccountNameLength || name.Any(char.IsControl))
        {
            return $"account name must be 1-{MaxAccountNameLength} printable characters";
        }
        return null;
    }

    public static bool IsEmail(string? email)
    {
        var trimmed = email?.Trim();
        return trimmed is { Length: > 2 and <= MaxEmailLength }
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed
            && parsed.DisplayName.Length == 0;
    }
}

using System.Security.Cryptography;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// Short random identifiers for every row. Random rather than sequential so an id seen in a URL says
/// nothing about how many rows exist and the next one cannot be guessed.
/// </summary>
public static class ScoutIds
{
    // Letters and digits only: ids are embedded in agent keys, where '_' separates the parts.
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>12 characters of a 62-letter alphabet: about 71 bits.</summary>
    public const int Length = 12;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(char.IsAsciiLetterOrDigit);
}

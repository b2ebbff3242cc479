using System.Text.RegularExpressions;

namespace Scout.Actors.AgentWire;

/// <summary>
/// What an agent may call its host: the agent checks its own at start (a clear error instead of a refused
/// connection), the node checks every connection's. DNS-like on purpose: no spaces, no control or look-alike
/// characters outside ASCII, so a hostname shows in a list exactly as it was sent.
/// </summary>
public static partial class AgentHostnames
{
    public const int MaxLength = 253;

    public const string Rule = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 253 characters";

    public static bool IsValid(string? hostname) => hostname is not null && Pattern().IsMatch(hostname);

    // \z, not $: "$" would let a trailing newline through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}\z")]
    private static partial Regex Pattern();
}

namespace Scout.Agent.Metrics;

/// <summary>How much of a process's command line leaves the machine (scout.agent.command-lines, --command-lines).</summary>
public enum CommandLineMode
{
    /// <summary>Every argument as the process has it (<c>full</c>): only for machines whose command lines hold no secrets.</summary>
    Full,

    /// <summary>The default (<c>redacted</c>): values of arguments that look like secrets become <c>***</c> (<see cref="CommandLineRedaction"/>).</summary>
    Redacted,

    /// <summary>The program only (<c>names-only</c>): the first word of the command line, no arguments at all.</summary>
    NamesOnly,
}

public static class CommandLineModes
{
    public const string Names = "full, redacted or names-only";

    /// <summary>The mode named by a setting's value, or null for an unknown name.</summary>
    public static CommandLineMode? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "full" => CommandLineMode.Full,
        "redacted" => CommandLineMode.Redacted,
        "names-only" or "names" => CommandLineMode.NamesOnly,
        _ => null,
    };
}

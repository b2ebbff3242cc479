namespace Scout.Ops;

/// <summary>The console's streams, so tests run the real command logic with their own writers.
/// <paramref name="ReadKey"/> returns one key (-1 at end of input): the terminal's raw key (not echoed), or a char
/// of <paramref name="In"/>. <paramref name="IsTerminal"/>: both ends are a terminal (the prompt's line editing,
/// top's screen).</summary>
public sealed record OpsIo(TextReader In, TextWriter Out, TextWriter Error, Func<int> ReadKey, bool IsTerminal)
{
    /// <summary>True for the real console: long-running commands (top) take over Ctrl+C and SIGTERM to clean up.
    /// Tests leave it off, so a test run's own signals stay the test host's.</summary>
    public bool ListensForSignals { get; init; }

    /// <summary>Stdin is a terminal, whatever stdout is: a password is then read key by key without echo
    /// (<c>users add &gt; log</c> must not show it on the screen either).</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Whether a key is waiting (a terminal only; null otherwise): lets top stop reading keys when it ends
    /// by a signal, so a blocked read does not swallow the prompt's next key.</summary>
    public Func<bool>? KeyAvailable { get; init; }

    public static OpsIo FromConsole()
    {
        var keyboard = !Console.IsInputRedirected;
        return new OpsIo(Console.In, Console.Out, Console.Error,
            keyboard ? () => Console.ReadKey(intercept: true).KeyChar : () => Console.In.Read(), keyboard && !Console.IsOutputRedirected)
        {
            ListensForSignals = true,
            InputIsTerminal = keyboard,
            KeyAvailable = keyboard ? () => Console.KeyAvailable : null,
        };
    }

    /// <summary>For scripts and tests: keys come from <paramref name="input"/>, nothing is a terminal.</summary>
    public static OpsIo Redirected(TextReader input, TextWriter output, TextWriter error) =>
        new(input, output, error, input.Read, false);
}

/// <summary>Exactly the codes: a node that could not do something refused it (4); a part of the cluster
/// that did not answer is unreachable (3).</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Refused = 4;
}

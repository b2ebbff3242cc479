namespace Scout.Ops;

/// <summary>The console's streams, so tests run the real command logic with their own writers.
/// <paramref name="ReadKey"/> returns one key (-1 at end of input): the terminal's raw key, or a char of <paramref name="In"/>.</summary>
public sealed record OpsIo(TextReader In, TextWriter Out, TextWriter Error, Func<int> ReadKey, bool IsTerminal)
{
    public static OpsIo FromConsole()
    {
        var terminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        return new OpsIo(Console.In, Console.Out, Console.Error,
            terminal ? () => Console.ReadKey(intercept: true).KeyChar : () => Console.In.Read(), terminal);
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

using System.Globalization;

namespace Scout.Bench.Pipeline;

/// <summary>Options of the form <c>--name value</c>; an unknown option or a bad number is an error, not a default.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new();

    private BenchArgs() { }

    public static BenchArgs Parse(string[] args, params string[] known)
    {
        var parsed = new BenchArgs();
        for (var i = 0; i < args.Length; i++)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
                throw new ArgumentException($"unknown option or missing value: '{args[i]}'");
            parsed._values[args[i]] = args[++i];
        }
        return parsed;
    }

    public int Int(string name, int fallback, int min = 1)
    {
        if (!_values.TryGetValue(name, out var text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ArgumentException($"{name} must be a whole number >= {min}, got '{text}'");
        return value;
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether <c>--baseline signalr</c> was given (the only baseline there is); another value is an error.</summary>
    public bool Baseline() => Text("--baseline") switch
    {
        null => false,
        "signalr" => true,
        var other => throw new ArgumentException($"--baseline knows only 'signalr', got '{other}'"),
    };
}

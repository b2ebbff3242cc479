using System.Text;

namespace Scout.Ops.Prompt;

/// <summary>
/// A small line editor for the interactive prompt: up/down walk the history, tab completes a command.
/// Without a terminal (piped input) it reads plain lines, so scripts can feed the prompt too.
/// </summary>
public sealed class LinePrompt(OpsIo io, IReadOnlyList<string> commands)
{
    private readonly List<string> _history = [];

    public IReadOnlyList<string> History => _history;

    public string? ReadLine(string prompt)
    {
        io.Out.Write(prompt);
        io.Out.Flush();
        var line = io.IsTerminal ? ReadEdited(prompt) : io.In.ReadLine();
        if (!string.IsNullOrWhiteSpace(line) && (_history.Count == 0 || _history[^1] != line))
            _history.Add(line);
        return line;
    }

    /// <summary>The completion of <paramref name="typed"/>: the one command it starts, or the longest common start of several.</summary>
    public static string Complete(string typed, IReadOnlyList<string> commands)
    {
        var matches = commands.Where(c => c.StartsWith(typed, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
            return typed;
        if (matches.Count == 1)
            return matches[0] + " ";
        var common = matches[0];
        foreach (var m in matches.Skip(1))
        {
            var n = 0;
            while (n < common.Length && n < m.Length && common[n] == m[n])
                n++;
            common = common[..n];
        }
        return common.Length > typed.Length ? common : typed;
    }

    private string? ReadEdited(string prompt)
    {
        var buffer = new StringBuilder();
        var index = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    io.Out.WriteLine();
                    return buffer.ToString();
                case ConsoleKey.Backspace when buffer.Length > 0:
                    buffer.Length--;
                    break;
                case ConsoleKey.Tab:
                    var completed = Complete(buffer.ToString(), commands);
                    buffer.Clear().Append(completed);
                    break;
                case ConsoleKey.UpArrow when index > 0:
                    buffer.Clear().Append(_history[--index]);
                    break;
                case ConsoleKey.DownArrow when index < _history.Count:
                    index++;
                    buffer.Clear().Append(index < _history.Count ? _history[index] : "");
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    io.Out.WriteLine();
                    return null;
                default:
                    if (key.KeyChar >= ' ')
                        buffer.Append(key.KeyChar);
                    break;
            }
            io.Out.Write("\r\u001b[K" + prompt + buffer);
            io.Out.Flush();
        }
    }
}

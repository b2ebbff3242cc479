using System.Text;
using System.Text.RegularExpressions;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Actors;

/// <summary>
/// The namespaces below Scout.Actors (AccountSessions, AgentProxies, AgentWire, Bridge, OpsApi, ...) depend on
/// each other in one direction only, so each can be read, changed and tested on top of the ones below it. Read
/// from the source: a namespace depends on another when one of its files names it in a <c>using</c> line
/// (plain, static or alias) or in a qualified name (<c>Scout.Actors.X.Type</c>, or <c>X.Type</c> relative to
/// Scout.Actors). Comments and string literals do not count. Scout.Actors itself is left out: every namespace
/// below it sees its types without a using.
/// </summary>
public sealed class NamespaceCycleTests(ITestOutputHelper output)
{
    private const string Root = "Scout.Actors";

    [Fact]
    public void The_namespaces_of_Scout_Actors_depend_on_each_other_without_a_cycle()
    {
        var folder = Path.Combine(BuiltPrograms.RepositoryRoot, "src", "Scout.Actors");
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(folder, f)))
            .Select(f => (Path: Path.GetRelativePath(folder, f), Text: File.ReadAllText(f)))
            .ToList();

        var graph = DependencyGraph(files);
        foreach (var (from, to) in graph.OrderBy(e => e.Key))
            output.WriteLine($"{from} -> {string.Join(", ", to.Order())}");

        Assert.True(graph.Count >= 5, $"found only {graph.Count} namespaces below {Root} in {folder}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void The_check_finds_a_cycle_made_by_a_using_line_and_a_qualified_name()
    {
        // The test above is only worth something if it can fail: two files that name each other's namespace.
        var graph = DependencyGraph(
        [
            ("A/One.cs", "using Scout.Actors.B;\nnamespace Scout.Actors.A;\npublic class One;"),
            ("B/Two.cs", "namespace Scout.Actors.B;\n// Scout.Actors.C.Ignored in a comment\npublic class Two { A.One? _one; string s = \"Scout.Actors.C\"; }"),
            ("C/Three.cs", "namespace Scout.Actors.C;\npublic class Three;"),
        ]);

        Assert.Equal(new[] { "Scout.Actors.A", "Scout.Actors.B", "Scout.Actors.A" }, FindCycle(graph));
        Assert.Empty(graph["Scout.Actors.C"]);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar) is ["bin" or "obj", ..];

    /// <summary>Each namespace below Scout.Actors, with the other namespaces below Scout.Actors its files name.</summary>
    private static Dictionary<string, SortedSet<string>> DependencyGraph(IReadOnlyList<(string Path, string Text)> files)
    {
        var sources = files.Select(f => (f.Path, Code: CodeOnly(f.Text))).ToList();
        var declared = new Dictionary<string, string>();
        foreach (var (path, code) in sources)
        {
            var match = Regex.Match(code, @"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline);
            Assert.True(match.Success, $"{path}: no namespace");
            declared[path] = match.Groups[1].Value;
        }
        var known = declared.Values.Where(n => n.StartsWith(Root + ".", StringComparison.Ordinal)).ToHashSet();
        // Relative names (AccountSessions.X inside Scout.Actors.*) by their first segment below Scout.Actors.
        var relative = known.Select(n => n[(Root.Length + 1)..].Split('.')[0]).ToHashSet();

        var graph = known.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var (path, code) in sources)
        {
            var from = declared[path];
            if (!known.Contains(from))
                continue;
            foreach (Match m in Regex.Matches(code, @"(?<![\w.])Scout\.Actors(?:\.\w+)+"))
                AddEdge(graph, known, from, m.Value);
            foreach (Match m in Regex.Matches(code, @"(?<![\w.])(\w+)\.\w+"))
            {
                if (relative.Contains(m.Groups[1].Value) && !IsUsingOrNamespaceOf(code, m.Index))
                    AddEdge(graph, known, from, Root + "." + m.Value);
            }
        }
        return graph;
    }

    // "using X.Y;" and "namespace X.Y;" lines start with the full name, matched above; their later segments are not
    // names relative to Scout.Actors.
    private static bool IsUsingOrNamespaceOf(string code, int index)
    {
        var lineStart = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var before = code[lineStart..index];
        return Regex.IsMatch(before, @"^\s*(global\s+)?(using|namespace)\b") || before.EndsWith('.');
    }

    /// <summary>Links <paramref name="from"/> to the longest known namespace that <paramref name="name"/> starts with.</summary>
    private static void AddEdge(Dictionary<string, SortedSet<string>> graph, HashSet<string> known, string from, string name)
    {
        var target = known
            .Where(n => name == n || name.StartsWith(n + ".", StringComparison.Ordinal))
            .MaxBy(n => n.Length);
        if (target is not null && target != from)
            graph[from].Add(target);
    }

    /// <summary>A path that returns to where it started (first and last the same), or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in graph.Keys.Order())
        {
            var cycle = Visit(start);
            if (cycle is not null)
                return cycle;
        }
        return null;

        List<string>? Visit(string node)
        {
            var onPath = path.IndexOf(node);
            if (onPath >= 0)
                return [.. path.Skip(onPath), node];
            if (!done.Add(node))
                return null;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                var cycle = Visit(next);
                if (cycle is not null)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    /// <summary>The source with comments and the contents of string and char literals blanked (line breaks kept).</summary>
    private static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
                i = Skip(source, i, source.IndexOf('\n', i), code);
            else if (c == '/' && next == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Skip(source, i, end < 0 ? -1 : end + 2, code);
            }
            else if (source.AsSpan(i).StartsWith("\"\"\""))
            {
                var quotes = 3;
                while (i + quotes < source.Length && source[i + quotes] == '"')
                    quotes++;
                var close = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Skip(source, i, close < 0 ? -1 : close + quotes, code);
            }
            else if (c == '"' || c == '\'')
                i = Skip(source, i, EndOfLiteral(source, i, verbatim: i > 0 && source[i - 1] == '@' || i > 1 && source[i - 2] == '@'), code);
            else
            {
                code.Append(c);
                i++;
            }
        }
        return code.ToString();
    }

    private static int EndOfLiteral(string source, int open, bool verbatim)
    {
        var quote = source[open];
        for (var i = open + 1; i < source.Length; i++)
        {
            if (!verbatim && source[i] == '\\')
                i++;
            else if (source[i] == quote)
            {
                if (verbatim && i + 1 < source.Length && source[i + 1] == quote)
                    i++;
                else
                    return i + 1;
            }
        }
        return -1;
    }

    /// <summary>Writes line breaks only for source[from..to) (to the end when <paramref name="to"/> is -1); returns <paramref name="to"/>.</summary>
    private static int Skip(string source, int from, int to, StringBuilder code)
    {
        var end = to < 0 ? source.Length : to;
        foreach (var ch in source.AsSpan(from, end - from))
            code.Append(ch == '\n' ? '\n' : ' ');
        return end;
    }
}

using System.Text.Json;
using Akka.Configuration;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>
/// Builds <see cref="AgentOptions"/> from, lowest first: hocon/agent.hocon (scout.agent), appsettings.json
/// next to the binary (Scout:Agent), environment (Scout__Agent__Server/Key/Hostname), command line.
/// Backoff and buffer settings come from the hocon file only.
/// </summary>
public static class AgentOptionsLoader
{
    private static readonly string[] Names = ["server", "key", "hostname"];

    public static AgentOptions Load(IReadOnlyList<string> args, Func<string, string?> environment, string baseDirectory)
    {
        var hocon = LoadHocon(baseDirectory);
        var agent = hocon.GetConfig("scout.agent") ?? ConfigurationFactory.Empty;

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Names)
            values[name] = NonEmpty(agent.GetString(name, null));
        foreach (var (name, value) in ReadAppSettings(baseDirectory))
            values[name] = value;
        foreach (var name in Names)
            if (NonEmpty(environment($"Scout__Agent__{char.ToUpperInvariant(name[0])}{name[1..]}")) is { } fromEnv)
                values[name] = fromEnv;
        foreach (var (name, value) in ParseArgs(args))
            values[name] = value;

        var server = values["server"] ?? throw new AgentOptionsException(
            "--server is required (or scout.agent.server in hocon/agent.hocon, or Scout__Agent__Server)");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("http" or "https"))
            throw new AgentOptionsException($"--server must be an http:// or https:// URL, got '{server}'");
        var key = values["key"] ?? throw new AgentOptionsException(
            "--key is required (or scout.agent.key in hocon/agent.hocon, or Scout__Agent__Key)");

        try
        {
            return new AgentOptions
            {
                Server = serverUri,
                Key = key,
                Hostname = values["hostname"] ?? Environment.MachineName,
                Reconnect = new ReconnectSettings(
                    agent.GetTimeSpan("reconnect.min-backoff", ReconnectSettings.Default.MinBackoff),
                    agent.GetTimeSpan("reconnect.max-backoff", ReconnectSettings.Default.MaxBackoff),
                    agent.GetDouble("reconnect.jitter", ReconnectSettings.Default.Jitter)).Validate(),
                Buffer = new LocalBufferSettings(
                    agent.GetBoolean("buffer.enabled", true),
                    agent.GetTimeSpan("buffer.length", LocalBufferSettings.Default.Length),
                    agent.GetTimeSpan("buffer.interval", LocalBufferSettings.Default.Interval)).Validate(),
                BackfillBatchSize = PositiveOrThrow(agent.GetInt("buffer.backfill-batch-size", 5), "buffer.backfill-batch-size"),
                Report = new ReportSettings(
                    agent.GetBoolean("report.enabled", true),
                    agent.GetTimeSpan("report.interval", TimeSpan.FromMinutes(1)),
                    // Per hostname by default: two agents of one user never replay each other's reports.
                    NonEmpty(agent.GetString("report.spool-path", null))
                        ?? ReportSettings.DefaultSpoolPathFor(values["hostname"] ?? Environment.MachineName),
                    agent.GetTimeSpan("report.spool-max-age", TimeSpan.FromDays(7)),
                    agent.GetTimeSpan("report.retry-delay", TimeSpan.FromSeconds(5))).Validate(),
            };
        }
        catch (Exception ex) when (ex is not AgentOptionsException)
        {
            throw new AgentOptionsException($"bad setting in scout.agent ({AgentConfig.RelativePath}): {OneLine(ex.Message)}");
        }
    }

    private static Config LoadHocon(string baseDirectory)
    {
        try
        {
            return AgentConfig.Load(baseDirectory);
        }
        catch (Exception ex)
        {
            throw new AgentOptionsException($"cannot read {AgentConfig.RelativePath}: {OneLine(ex.Message)}");
        }
    }

    private static IEnumerable<(string Name, string Value)> ReadAppSettings(string baseDirectory)
    {
        var path = Path.Combine(baseDirectory, "appsettings.json");
        if (!File.Exists(path)) return [];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (Property(document.RootElement, "Scout") is not { } scout || Property(scout, "Agent") is not { } agent)
                return [];
            var found = new List<(string, string)>();
            foreach (var name in Names)
                if (Property(agent, name) is { ValueKind: JsonValueKind.String } value && NonEmpty(value.GetString()) is { } text)
                    found.Add((name, text));
            return found;
        }
        catch (JsonException ex)
        {
            throw new AgentOptionsException($"appsettings.json is not valid JSON: {OneLine(ex.Message)}");
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        return null;
    }

    /// <summary>--name value or --name=value, for server, key and hostname; anything else is an error.</summary>
    private static IEnumerable<(string Name, string Value)> ParseArgs(IReadOnlyList<string> args)
    {
        var parsed = new List<(string, string)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new AgentOptionsException($"unexpected argument '{arg}' (usage: scout-agent --server URL --key KEY [--hostname NAME] | scout-agent sample [--json])");
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (!Names.Contains(name, StringComparer.Ordinal))
                throw new AgentOptionsException($"unknown option '--{name}' (known: --server, --key, --hostname)");
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new AgentOptionsException($"--{name} needs a value");
                value = args[++i];
            }
            if (value.Length == 0)
                throw new AgentOptionsException($"--{name} needs a value");
            parsed.Add((name, value));
        }
        return parsed;
    }

    private static int PositiveOrThrow(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

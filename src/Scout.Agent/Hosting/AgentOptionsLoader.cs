using System.Text.Json;
using Akka.Configuration;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>
/// Builds <see cref="AgentOptions"/> from, lowest first: hocon/agent.hocon (scout.agent), appsettings.json
/// next to the binary (Scout:Agent), environment (Scout__Agent__Servers/Key/Hostname), command line.
/// The server list is taken whole from the highest source that gives one (a command line's list replaces
/// the config file's, it does not add to it); within a source, <c>servers</c> and the older single
/// <c>server</c> are one setting, and every value may be a comma-separated list.
/// Backoff and buffer settings come from the hocon file only.
/// </summary>
public static class AgentOptionsLoader
{
    private static readonly string[] Names = ["key", "hostname", "command-lines"];
    // Read as one setting; "server" is how configurations before the server list named it.
    private static readonly string[] ServerNames = ["servers", "server"];
    private const string Usage = "usage: scout-agent --server URL [--server URL ...] --key KEY [--hostname NAME] [--command-lines full|redacted|names-only] | scout-agent sample [--json]";

    public static AgentOptions Load(IReadOnlyList<string> args, Func<string, string?> environment, string baseDirectory)
    {
        var hocon = LoadHocon(baseDirectory);
        var agent = hocon.GetConfig("scout.agent") ?? ConfigurationFactory.Empty;

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        ServerSetting? servers = null;
        foreach (var name in Names)
            values[name] = NonEmpty(agent.GetString(name, null));
        servers = ServerSetting.From(HoconServers(agent), $"scout.agent.servers in {AgentConfig.RelativePath}") ?? servers;

        var (fromJson, jsonServers) = ReadAppSettings(baseDirectory);
        foreach (var (name, value) in fromJson)
            values[name] = value;
        servers = ServerSetting.From(jsonServers, "Scout:Agent:Servers in appsettings.json") ?? servers;

        foreach (var name in Names)
            if (NonEmpty(environment(EnvironmentName(name))) is { } fromEnv)
                values[name] = fromEnv;
        servers = ServerSetting.From(
            ServerNames.Select(name => NonEmpty(environment(EnvironmentName(name)))).OfType<string>(),
            "Scout__Agent__Servers (or Scout__Agent__Server)") ?? servers;

        var (fromArgs, argServers) = ParseArgs(args);
        foreach (var (name, value) in fromArgs)
            values[name] = value;
        servers = ServerSetting.From(argServers, "--server") ?? servers;

        var serverUris = (servers ?? throw new AgentOptionsException(
            $"--server is required (or scout.agent.servers in {AgentConfig.RelativePath}, or Scout__Agent__Servers)")).Parse();
        var key = values["key"] ?? throw new AgentOptionsException(
            $"--key is required (or scout.agent.key in {AgentConfig.RelativePath}, or Scout__Agent__Key)");

        var hostname = values["hostname"] ?? Environment.MachineName;
        var commandLines = CommandLineModes.Parse(values["command-lines"] ?? "redacted")
            ?? throw new AgentOptionsException($"command-lines must be {CommandLineModes.Names}, not '{OneLine(values["command-lines"]!)}'");
        // The node refuses any other name (and says so); refusing it here says it before anything connects.
        if (!AgentHostnames.IsValid(hostname))
            throw new AgentOptionsException(
                $"hostname '{OneLine(hostname)}' is not one the server accepts ({AgentHostnames.Rule}); give another with --hostname");

        try
        {
            return new AgentOptions
            {
                Servers = serverUris,
                Key = key,
                Hostname = hostname,
                CommandLines = commandLines,
                TopProcesses = TopProcessesOrThrow(agent.GetInt("top-processes", ProcMetricsOptions.DefaultTopProcesses)),
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
                        ?? ReportSettings.DefaultSpoolPathFor(hostname),
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

    /// <summary>scout.agent.servers (a list, or a string) and the older scout.agent.server (a string), merged like every source's.</summary>
    private static IEnumerable<string> HoconServers(Config agent)
    {
        var found = new List<string>();
        foreach (var name in ServerNames)
        {
            var value = agent.GetValue(name);
            if (value is null || value.IsEmpty) continue;
            var items = value.IsArray() ? value.GetStringList() : [value.GetString()];
            found.AddRange(items.Select(NonEmpty).OfType<string>());
        }
        return found;
    }

    private static (List<(string Name, string Value)> Values, List<string> Servers) ReadAppSettings(string baseDirectory)
    {
        var found = new List<(string, string)>();
        var servers = new List<string>();
        var path = Path.Combine(baseDirectory, "appsettings.json");
        if (!File.Exists(path)) return (found, servers);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (Property(document.RootElement, "Scout") is not { } scout || Property(scout, "Agent") is not { } agent)
                return (found, servers);
            foreach (var name in Names)
                if ((Property(agent, name) ?? Property(agent, Pascal(name))) is { ValueKind: JsonValueKind.String } value && NonEmpty(value.GetString()) is { } text)
                    found.Add((name, text));
            foreach (var name in ServerNames)
            {
                // "Servers": ["http://a", "http://b"] or "http://a,http://b"; "Server": "http://a" as before.
                if (Property(agent, name) is not { } value) continue;
                if (value.ValueKind == JsonValueKind.Array)
                    servers.AddRange(value.EnumerateArray()
                        .Select(item => item.ValueKind == JsonValueKind.String ? NonEmpty(item.GetString()) : item.ToString())
                        .OfType<string>());
                else if (value.ValueKind == JsonValueKind.String && NonEmpty(value.GetString()) is { } text)
                    servers.Add(text);
            }
            return (found, servers);
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

    /// <summary>
    /// --name value or --name=value, for server, key and hostname; anything else is an error. --server may
    /// be repeated (and each value may be a comma-separated list); --key and --hostname only once.
    /// </summary>
    private static (List<(string Name, string Value)> Values, List<string> Servers) ParseArgs(IReadOnlyList<string> args)
    {
        var parsed = new List<(string, string)>();
        var servers = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new AgentOptionsException($"unexpected argument '{arg}' ({Usage})");
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (name != "server" && !Names.Contains(name, StringComparer.Ordinal))
                throw new AgentOptionsException($"unknown option '--{name}' (known: --server, --key, --hostname, --command-lines)");
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new AgentOptionsException($"--{name} needs a value");
                value = args[++i];
            }
            if (value.Length == 0)
                throw new AgentOptionsException($"--{name} needs a value");
            if (name == "server")
            {
                servers.Add(value);
                continue;
            }
            // The last of two would win silently, as --server did before it took a list.
            if (parsed.Any(p => p.Item1 == name))
                throw new AgentOptionsException($"--{name} is given more than once");
            parsed.Add((name, value));
        }
        return (parsed, servers);
    }

    private static string EnvironmentName(string name) => $"Scout__Agent__{Pascal(name)}";

    /// <summary>"command-lines" → "CommandLines": the name in appsettings.json and the environment.</summary>
    private static string Pascal(string name) =>
        string.Concat(name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>The server URLs one source gives, and how to name that source in an error.</summary>
    private sealed record ServerSetting(IReadOnlyList<string> Values, string Source)
    {
        /// <summary>Null when the source gives no URL, so a lower source's list stays.</summary>
        public static ServerSetting? From(IEnumerable<string> values, string source)
        {
            var items = values.SelectMany(ServerUrls.Split).ToList();
            return items.Count == 0 ? null : new ServerSetting(items, source);
        }

        /// <summary>Each URL checked, naming the bad one and where it came from; duplicates removed, first order kept.</summary>
        public IReadOnlyList<Uri> Parse() => ServerUrls.Distinct(Values.Select(text =>
            ServerUrls.Parse(text) ?? throw new AgentOptionsException(
                $"server URL '{text}' (from {Source}) is not an http:// or https:// URL")));
    }

    private static int TopProcessesOrThrow(int value) =>
        value is > 0 and <= ProcMetricsOptions.MaxTopProcesses
            ? value
            : throw new AgentOptionsException(
                $"top-processes must be from 1 to {ProcMetricsOptions.MaxTopProcesses} (each sample lists that many by CPU and as many by memory), not {value}");

    private static int PositiveOrThrow(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

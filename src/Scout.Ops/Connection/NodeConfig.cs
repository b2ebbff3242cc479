using Microsoft.Extensions.Configuration;
using Scout.Actors.Remoting;

namespace Scout.Ops.Connection;

/// <summary>The node on this machine as its own configuration describes it: where its Akka.Remote listens, its TLS
/// files (which the console presents too), and the files that said so.</summary>
public sealed record NodeConfig(string Node, TlsSettings Tls, IReadOnlyList<string> Files);

/// <summary>
/// Reads the settings the node reads (<c>Scout:Cluster:Hostname</c>, <c>Port</c>, <c>Tls:*</c>) from the same places,
/// so that <c>scout-ops</c> without <c>--node</c> talks to the node of this machine: the node's <c>appsettings.json</c>
/// (in the working folder, else the published <c>/opt/scout</c>), the systemd unit's environment file
/// (<c>/etc/scout/node.env</c>), then <c>Scout__Cluster__*</c> in the environment, as for the node. <c>--config FILE</c>
/// replaces the files searched: a JSON file like appsettings.json, or KEY=VALUE lines like the environment file.
/// </summary>
public static class NodeConfigReader
{
    public static readonly IReadOnlyList<string> DefaultFiles = ["appsettings.json", "/opt/scout/appsettings.json", "/etc/scout/node.env"];

    private static readonly string[] Keys =
    [
        "Scout:Cluster:Hostname", "Scout:Cluster:Port", "Scout:Cluster:Tls:CertificatePath",
        "Scout:Cluster:Tls:CertificatePassword", "Scout:Cluster:Tls:KeyPath", "Scout:Cluster:Tls:CaPath",
    ];

    /// <param name="configFile">The operator's <c>--config</c>; null: <paramref name="defaultFiles"/> (those that exist).</param>
    /// <param name="environment">Reads an environment variable (the process's, or a test's).</param>
    /// <exception cref="UsageException">The <c>--config</c> file is missing or unreadable, or a setting is malformed.</exception>
    public static NodeConfig Read(string? configFile, Func<string, string?> environment, IReadOnlyList<string>? defaultFiles = null)
    {
        var files = configFile is not null ? [configFile] : (defaultFiles ?? DefaultFiles).Where(File.Exists).ToList();
        if (configFile is not null && !File.Exists(configFile))
            throw new UsageException($"--config: no file '{configFile}'");
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            if (IsJson(file))
                builder.AddJsonFile(Path.GetFullPath(file), optional: false);
            else
                builder.AddInMemoryCollection(EnvironmentFile(file));
        }
        // Above the files, as for the node: the environment wins.
        builder.AddInMemoryCollection(Keys
            .Select(k => (Key: k, Value: environment(k.Replace(":", "__"))))
            .Where(kv => kv.Value is not null)
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        IConfiguration config;
        try
        {
            config = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the node's configuration ({string.Join(", ", files)}): {e.Message}");
        }
        var host = config["Scout:Cluster:Hostname"] is { Length: > 0 } h && h != "0.0.0.0" ? h : ConsoleHost.Loopback;
        var portText = config["Scout:Cluster:Port"] ?? "4053";
        if (!int.TryParse(portText, out var port) || port is <= 0 or > 65535)
            throw new UsageException($"the node's Scout:Cluster:Port is '{portText}' ({string.Join(", ", files)}); give --node HOST:PORT");
        var tls = new TlsSettings
        {
            CertificatePath = config["Scout:Cluster:Tls:CertificatePath"],
            CertificatePassword = config["Scout:Cluster:Tls:CertificatePassword"],
            KeyPath = config["Scout:Cluster:Tls:KeyPath"],
            CaPath = config["Scout:Cluster:Tls:CaPath"],
        };
        return new NodeConfig($"{host}:{port}", tls, files);
    }

    private static bool IsJson(string file) => file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>systemd's EnvironmentFile form: <c>KEY=VALUE</c> lines, <c>#</c> comments, values optionally quoted;
    /// <c>Scout__Cluster__Port</c> is the key <c>Scout:Cluster:Port</c>.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentFile(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file}: {e.Message}");
        }
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=');
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
                continue;
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                value = value[1..^1];
            yield return new(line[..equals].Trim().Replace("__", ":"), value);
        }
    }
}

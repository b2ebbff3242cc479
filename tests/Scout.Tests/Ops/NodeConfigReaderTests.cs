using Scout.Ops;
using Scout.Ops.Connection;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>How the console finds the node of its machine without --node: the node's own files and environment.</summary>
public sealed class NodeConfigReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scout-ops-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string? NoEnvironment(string _) => null;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_appsettings_file_gives_the_nodes_address_and_its_tls_files()
    {
        var file = Write("appsettings.json", """
            { "Urls": "http://127.0.0.1:5080",
              "Scout": { "Cluster": { "Hostname": "10.0.0.7", "Port": 4100,
                "Tls": { "CertificatePath": "/etc/scout/node.pfx", "CertificatePassword": "pfx-pass", "CaPath": "/etc/scout/ca.crt" } } } }
            """);

        var config = NodeConfigReader.Read(null, NoEnvironment, [file]);

        Assert.Equal("10.0.0.7:4100", config.Node);
        Assert.Equal("/etc/scout/node.pfx", config.Tls.CertificatePath);
        Assert.Equal("pfx-pass", config.Tls.CertificatePassword);
        Assert.Equal("/etc/scout/ca.crt", config.Tls.CaPath);
    }

    [Fact]
    public void The_environment_outranks_the_files_as_it_does_for_the_node()
    {
        var json = Write("appsettings.json", """{ "Scout": { "Cluster": { "Port": 4100 } } }""");
        var env = new Dictionary<string, string> { ["Scout__Cluster__Port"] = "4200", ["Scout__Cluster__Tls__KeyPath"] = "/k.pem" };

        var config = NodeConfigReader.Read(null, k => env.GetValueOrDefault(k), [json]);

        Assert.Equal("127.0.0.1:4200", config.Node);
        Assert.Equal("/k.pem", config.Tls.KeyPath);
    }

    [Fact]
    public void A_systemd_environment_file_is_read_like_the_environment()
    {
        var file = Write("node.env", """
            # the unit's EnvironmentFile
            Scout__Cluster__Hostname=10.0.0.8
            export Scout__Cluster__Port="4300"
            Scout__Cluster__Tls__CaPath='/etc/scout/ca.crt'
            Scout__Database__ConnectionString=Host=db;Password=x=y
            """);

        var config = NodeConfigReader.Read(file, NoEnvironment);

        Assert.Equal("10.0.0.8:4300", config.Node);
        Assert.Equal("/etc/scout/ca.crt", config.Tls.CaPath);
        Assert.Equal([file], config.Files);
    }

    [Fact]
    public void Nothing_found_means_the_nodes_defaults_and_no_tls()
    {
        var config = NodeConfigReader.Read(null, NoEnvironment, [Path.Combine(_folder, "missing.json")]);

        Assert.Equal("127.0.0.1:4053", config.Node);
        Assert.False(config.Tls.Enabled);
        Assert.Empty(config.Files);
    }

    [Fact]
    public void A_missing_config_file_or_a_bad_port_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => NodeConfigReader.Read(Path.Combine(_folder, "nope.json"), NoEnvironment));
        var bad = Write("bad.json", """{ "Scout": { "Cluster": { "Port": "many" } } }""");
        Assert.Throws<UsageException>(() => NodeConfigReader.Read(bad, NoEnvironment));
    }

    [Fact]
    public void Flags_outrank_the_nodes_configuration()
    {
        var json = Write("appsettings.json", """{ "Scout": { "Cluster": { "Port": 4100, "Tls": { "CaPath": "/node-ca.crt" } } } }""");

        var options = OpsCommandLine.SplitOptions(["--config", json, "--ca", "/mine.crt", "cluster", "show"], NoEnvironment);
        var named = OpsCommandLine.SplitOptions(["--config", json, "--node", "10.0.0.9:4053", "cluster", "show"], NoEnvironment);

        Assert.Equal(["127.0.0.1:4100"], options.Nodes);
        Assert.Equal("/mine.crt", options.Tls.CaPath);
        Assert.Equal(["10.0.0.9:4053"], named.Nodes);
    }
}

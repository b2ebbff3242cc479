using Scout.Ops;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>The console without --node, against a real node whose Akka port is not 4053: it reads the port from the
/// node's configuration file, or from the environment file a systemd unit would have.</summary>
public sealed class OpsFindsItsNodeSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());
    private readonly string _folder = Directory.CreateTempSubdirectory("scout-ops-node-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Cluster_show_without_node_talks_to_the_node_its_appsettings_file_describes()
    {
        var port = _node.RemotingAddress().Split(':')[1];
        var file = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(file, $$"""{ "Scout": { "Cluster": { "Hostname": "127.0.0.1", "Port": {{port}} } } }""");

        var result = await OpsRunner.Run("", "--config", file, "cluster", "show");

        Assert.Equal(ExitCodes.Done, result.Code);
        Assert.Contains($"127.0.0.1:{port}", result.Out);
    }

    [Fact]
    public async Task Cluster_show_without_node_reads_a_systemd_environment_file()
    {
        var port = _node.RemotingAddress().Split(':')[1];
        var file = Path.Combine(_folder, "node.env");
        await File.WriteAllTextAsync(file, $"Scout__Cluster__Hostname=127.0.0.1\nScout__Cluster__Port={port}\n");

        var result = await OpsRunner.Run("", "--config", file, "cluster", "show");

        Assert.Equal(ExitCodes.Done, result.Code);
        Assert.Contains($"127.0.0.1:{port}", result.Out);
    }
}

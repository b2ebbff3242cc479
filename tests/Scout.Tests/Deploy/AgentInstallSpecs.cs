using System.Formats.Tar;
using System.IO.Compression;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Deploy;


/// <summary>deploy/agent/install.sh into a throw-away root: the agent downloaded from a real node's /downloads (as the
/// pasted command does), its settings with the key readable by its owner only, and the unit.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // like the units and the script it runs
public sealed class AgentInstallSpecs : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scout-install-").FullName;
    private ScoutNodeFactory _node = null!;

    private string Root => Path.Combine(_folder, "root");

    private string Downloads => Path.Combine(_folder, "downloads");

    public async Task InitializeAsync()
    {
        // A stand-in for the published agent: its binary, its hocon and its unit, packed as the docs say.
        var published = Path.Combine(_folder, "published");
        Directory.CreateDirectory(Path.Combine(published, "hocon"));
        await File.WriteAllTextAsync(Path.Combine(published, "scout-agent"), "#!/bin/sh\necho agent\n");
        await File.WriteAllTextAsync(Path.Combine(published, "hocon", "agent.hocon"), "scout.agent {}\n");
        File.Copy(Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "systemd", "scout-agent.service"),
            Path.Combine(published, "scout-agent.service"));
        Directory.CreateDirectory(Downloads);
        await using (var tgz = new GZipStream(File.Create(Path.Combine(Downloads, "scout-agent-linux-x64.tar.gz")), CompressionLevel.Fastest))
            await TarFile.CreateFromDirectoryAsync(published, tgz, includeBaseDirectory: false);
        _node = new ScoutNodeFactory(RealtimeNode.Settings(("Scout:Downloads:Path", Downloads)));
        _node.Start();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_pasted_command_installs_the_agent_from_the_node_into_a_throwaway_root()
    {
        var sh = ExternalTools.Require("sh", "dash");
        ExternalTools.Require("curl", "curl");
        using var http = new HttpClient();
        // The script as the node serves it, run the way `curl ... | sh -s -- ...` runs it: from stdin, alone.
        var script = await http.GetStringAsync(new Uri(_node.Address, "/downloads/install-agent.sh"));
        var server = _node.Address.ToString().TrimEnd('/');
        const string key = "sk_testKey_0123456789abcdef";

        var (code, stdout, stderr) = await ExternalTools.Run(sh,
            ["-s", "--", "--server", server, "--server", "http://10.0.0.2:5080", "--key", key, "--root", Root],
            TimeSpan.FromSeconds(60), stdin: script);

        Assert.True(code == 0, $"install.sh exited {code}:\n{stdout}\n{stderr}");
        Assert.True(File.Exists(Path.Combine(Root, "opt", "scout-agent", "scout-agent")));
        Assert.True(File.Exists(Path.Combine(Root, "opt", "scout-agent", "hocon", "agent.hocon")));
        var env = Path.Combine(Root, "etc", "scout", "agent.env");
        var settings = await File.ReadAllLinesAsync(env);
        Assert.Contains($"Scout__Agent__Servers={server},http://10.0.0.2:5080", settings);
        Assert.Contains($"Scout__Agent__Key={key}", settings);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env));
        var unit = await File.ReadAllTextAsync(Path.Combine(Root, "etc", "systemd", "system", "scout-agent.service"));
        Assert.Contains("EnvironmentFile=/etc/scout/agent.env", unit);
        Assert.DoesNotContain(key, stdout + stderr);
    }

    [Fact]
    public async Task A_missing_key_is_a_usage_error_and_installs_nothing()
    {
        var sh = ExternalTools.Require("sh", "dash");
        var script = Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "agent", "install.sh");

        var (code, _, stderr) = await ExternalTools.Run(sh, [script, "--server", "http://x:5080", "--root", Root], TimeSpan.FromSeconds(30));

        Assert.Equal(2, code);
        Assert.Contains("usage", stderr);
        Assert.False(Directory.Exists(Root));
    }
}

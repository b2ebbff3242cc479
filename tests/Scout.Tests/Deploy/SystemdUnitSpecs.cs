using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Deploy;


/// <summary>deploy/systemd's units as systemd itself reads them (<c>systemd-analyze verify</c>): no unknown key, no
/// value it cannot parse. The agent's ExecStart points at a stand-in binary, since verify wants it to exist.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // like the units and the script it runs
public sealed class SystemdUnitSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scout-systemd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_node_and_agent_units_without_a_word()
    {
        var analyze = ExternalTools.Require("systemd-analyze", "systemd");
        var units = Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "systemd");
        var stand = Path.Combine(_folder, "scout-agent");
        await File.WriteAllTextAsync(stand, "#!/bin/sh\n");
        File.SetUnixFileMode(stand, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var agent = (await File.ReadAllTextAsync(Path.Combine(units, "scout-agent.service"))).Replace("/opt/scout-agent/scout-agent", stand);
        await File.WriteAllTextAsync(Path.Combine(_folder, "scout-agent.service"), agent);
        File.Copy(Path.Combine(units, "scout-node.service"), Path.Combine(_folder, "scout-node.service"));

        var (code, stdout, stderr) = await ExternalTools.Run(analyze,
            ["verify", Path.Combine(_folder, "scout-node.service"), Path.Combine(_folder, "scout-agent.service")], TimeSpan.FromSeconds(60));

        Assert.True(code == 0 && stderr.Trim().Length == 0, $"systemd-analyze verify exited {code}:\n{stdout}\n{stderr}");
    }

    [Theory]
    [InlineData("scout-node.service", "/var/lib/scout")]
    [InlineData("scout-agent.service", "/var/lib/scout-agent")]
    public async Task Each_unit_runs_as_its_own_user_restarts_on_failure_and_writes_only_its_data(string unit, string data)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "systemd", unit));
        foreach (var line in new[] { "Restart=on-failure", "NoNewPrivileges=true", "ProtectSystem=strict", $"ReadWritePaths={data}" })
            Assert.Contains(line + "\n", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal));
        Assert.Matches("(?m)^User=scout", text);
    }
}

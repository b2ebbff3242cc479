using Scout.Agent.Hosting;
using Scout.Tests.Agent.Link;
using Xunit;

namespace Scout.Tests.Agent.Hosting;

public sealed class AgentProgramSpecs : IDisposable
{
    // An empty folder as the binary's folder: no hocon/agent.hocon, no appsettings.json.
    private readonly string _dir = Directory.CreateTempSubdirectory("scout-agent-program-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<int> Run(params string[] args) =>
        AgentProgram.RunAsync(args, _stdout, _stderr, environment: _ => null, baseDirectory: _dir);

    private string[] ErrorLines => _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_missing_server_exits_with_code_2_and_one_line_on_stderr()
    {
        var code = await Run("--key", "k");

        Assert.Equal(2, code);
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("scout-agent: --server is required", line);
    }

    [Fact]
    public async Task A_missing_key_exits_with_code_2()
    {
        var code = await Run("--server", "http://127.0.0.1:9");

        Assert.Equal(2, code);
        Assert.StartsWith("scout-agent: --key is required", Assert.Single(ErrorLines));
    }

    [Fact]
    public async Task An_unknown_option_exits_with_code_2()
    {
        var code = await Run("--server", "http://127.0.0.1:9", "--key", "k", "--verbose");

        Assert.Equal(2, code);
        Assert.Contains("--verbose", Assert.Single(ErrorLines));
    }

    [Fact]
    public async Task A_refused_key_ends_the_agent_with_a_non_zero_code_and_one_line_without_the_key()
    {
        await using var hub = await TestAgentHubHost.StartAsync(new HubRecorder(), "the-right-key");

        var code = await Run("--server", hub.Url.ToString(), "--key", "a-wrong-key").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentProgram.ExitKeyRefused, code);
        var line = Assert.Single(ErrorLines);
        Assert.Contains("refused the agent key (HTTP 401)", line);
        Assert.DoesNotContain("a-wrong-key", line);
    }
}

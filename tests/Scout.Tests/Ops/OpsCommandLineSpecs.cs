using Scout.Actors.OpsApi;
using Scout.Ops;
using Scout.Ops.Prompt;
using Xunit;

namespace Scout.Tests.Ops;

public sealed class OpsCommandLineSpecs
{
    [Fact]
    public async Task An_unknown_command_prints_usage_and_exits_2()
    {
        var result = await OpsRunner.Run("", "frobnicate", "now");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("unknown command: frobnicate now", result.Error);
        Assert.Contains("usage: scout-ops", result.Error);
    }

    [Fact]
    public async Task A_malformed_node_is_a_usage_error()
    {
        var result = await OpsRunner.Run("", "--node", "nowhere", "cluster", "show");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--node wants HOST:PORT", result.Error);
    }

    [Fact]
    public void Json_is_refused_on_a_command_that_lists_nothing()
    {
        var e = Assert.Throws<UsageException>(() => OpsCommandLine.Parse(["keys", "revoke", "abc", "--json"]));
        Assert.Contains("--json is for list commands", e.Message);
    }

    [Fact]
    public void Users_add_never_takes_the_password_from_the_arguments()
    {
        var command = OpsCommandLine.Parse(["users", "add", "--account", "Demo", "--email", "a@b.c"]);

        Assert.True(command.Password);
        Assert.Equal("", ((OpsProtocol.AddUser)command.Request!).Password);
        Assert.Throws<UsageException>(() => OpsCommandLine.Parse(["users", "add", "--account", "Demo", "--email", "a@b.c", "--password", "x"]));
    }

    [Fact]
    public void Hierarchy_depth_and_path_are_parsed()
    {
        var request = (OpsProtocol.GetHierarchy)OpsCommandLine.Parse(["actor", "hierarchy", "-d", "1", "-s", "/user"]).Request!;

        Assert.Equal(new OpsProtocol.GetHierarchy(1, "/user"), request);
    }

    [Theory]
    [InlineData("clu", "cluster ")]
    [InlineData("cluster d", "cluster down")]
    [InlineData("ses", "sessions ")]
    [InlineData("acc", "accounts ")]
    [InlineData("top", "top ")]
    [InlineData("zzz", "zzz")]
    public void Tab_completes_to_the_one_command_or_the_common_start(string typed, string completed) =>
        Assert.Equal(completed, LinePrompt.Complete(typed, OpsCommandLine.Commands));

    [Fact]
    public void The_prompt_keeps_history_of_the_lines_entered()
    {
        var prompt = new LinePrompt(OpsIo.Redirected(new StringReader("cluster show\n\ncluster show\naccounts list\n"), new StringWriter(), new StringWriter()),
            OpsCommandLine.Commands);
        while (prompt.ReadLine("> ") is not null)
        {
        }
        Assert.Equal(["cluster show", "accounts list"], prompt.History);
    }
}

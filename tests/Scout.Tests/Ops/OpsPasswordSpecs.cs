using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary><c>users add</c> typed at a real terminal while its stdout goes to a file: the password is asked for on
/// the terminal and never shown there.</summary>
public sealed class OpsPasswordSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());
    private readonly string _log = Path.Combine(Path.GetTempPath(), "scout-ops-" + Guid.NewGuid().ToString("N") + ".out");

    public Task InitializeAsync()
    {
        _node.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        File.Delete(_log);
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_password_typed_at_a_terminal_is_not_echoed_when_stdout_is_redirected()
    {
        const string password = "typed-at-the-terminal";
        using var terminal = OpsTerminal.Start(_log, "--node", _node.RemotingAddress(), "users", "add", "--account", "Demo", "--email", "tty@example.com");
        // Typed only once asked: the terminal echoes what arrives while echo is still on, before the console reads.
        await Eventually.Holds(() => Assert.Contains("password: ", terminal.Screen), TimeSpan.FromSeconds(30));

        terminal.Type(password + "\r");
        var code = await terminal.Exit(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Done, code);
        Assert.DoesNotContain(password, terminal.Screen);
        Assert.Contains("added tty@example.com to Demo", await File.ReadAllTextAsync(_log));
        Assert.NotNull(await _node.Service<AccountStore>().VerifyCredentialsAsync("tty@example.com", password));
    }
}

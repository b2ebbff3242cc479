using Scout.Ops;
using Scout.Tests.Ops;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>The ops console given what an operator would never mean (a pasted escape sequence, an injection
/// attempt, an absurd length): each refused with exit 4 and one line, and nothing changes on the node.</summary>
public sealed class OpsConsoleAttackSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());

    public Task InitializeAsync()
    {
        _node.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task An_account_name_with_a_terminal_escape_or_of_ten_thousand_characters_is_refused()
    {
        var escape = await _node.Ops("accounts", "create", "evil\u001b[2Jname");
        var huge = await _node.Ops("accounts", "create", new string('n', 10_000));

        Assert.Equal((ExitCodes.Refused, ExitCodes.Refused), (escape.Code, huge.Code));
        Assert.Contains("an account name has no control characters", escape.Error);
        Assert.Contains("an account name is 1 to 64 characters", huge.Error);
        Assert.Null(await _node.Service<AccountStore>().FindAccountByNameAsync("evil\u001b[2Jname"));
    }

    [Fact]
    public async Task Revoking_a_key_id_written_as_sql_revokes_nothing()
    {
        var demo = await _node.DemoAccountId();
        var key = await _node.NewAgentKey(demo);

        var result = await _node.Ops("keys", "revoke", "' OR 1=1 --");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("no active key: ' OR 1=1 --", result.Error);
        Assert.NotNull(await _node.Service<AgentKeyStore>().VerifyAsync(key));
    }

    [Fact]
    public async Task A_user_with_a_ten_kilobyte_email_is_refused()
    {
        var result = await _node.OpsWithInput("password-123\n", "users", "add", "--account", "Demo", "--email", new string('e', 10_000) + "@example.com");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("not an email address", result.Error);
    }
}

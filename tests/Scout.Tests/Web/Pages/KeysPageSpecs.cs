using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The owner's agent keys page: created and last used per key, and Revoke that ends the agent using it.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class KeysPageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task The_owner_sees_when_a_key_was_used_and_revoking_it_disconnects_its_agent()
    {
        var key = await Node.NewAgentKey(DemoAccount);
        AgentKeyFormat.TryParse(key, out var keyId, out _);
        var agent = Keep(await Node.StartAgent(key, "keys-page-agent"));
        await Node.OnlineServerId(DemoAccount, "keys-page-agent");
        var idle = await Node.NewAgentKey(DemoAccount);
        AgentKeyFormat.TryParse(idle, out var idleId, out _);

        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, "/");
        await page.Locator("[data-test=keys-link]").ClickAsync();

        var row = page.Locator($"[data-test=key-row][data-key-id='{keyId}']");
        await Expect(row.Locator("[data-test=key-last-used]")).ToContainTextAsync("ago");
        await Expect(page.Locator($"[data-test=key-row][data-key-id='{idleId}'] [data-test=key-last-used]")).ToHaveTextAsync("never");
        await Expect(row.Locator("[data-test=key-state]")).ToHaveTextAsync("active");

        await row.Locator("[data-test=revoke-key]").ClickAsync();

        await Expect(row.Locator("[data-test=key-state]")).ToContainTextAsync("revoked");
        await Expect(row.Locator("[data-test=revoke-key]")).ToHaveCountAsync(0);
        // The node closes the live connection within Scout:Credentials:CheckEvery (1 s here); the reconnect is refused.
        var exit = await agent.Exited.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(20)));
        Assert.True(exit.KeyRefused);
        Assert.Null(await Node.Service<AgentKeyStore>().VerifyAsync(key));
        Assert.NotNull(await Node.Service<AgentKeyStore>().VerifyAsync(idle));
        await ChromiumFixture.Screenshot(page, nameof(The_owner_sees_when_a_key_was_used_and_revoking_it_disconnects_its_agent));
    }

    [Fact]
    public async Task A_member_who_owns_no_account_is_told_so_and_sees_no_key()
    {
        var accounts = Node.Service<AccountStore>();
        var member = (await accounts.CreateUserAsync("member@example.com", "password-123"))!;
        await accounts.AddMembershipAsync(DemoAccount, member.Id, AccountRole.Member);
        await Node.NewAgentKey(DemoAccount);

        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.GotoAsync("/account/keys");
        await BrowserSteps.LogIn(page, "member@example.com", "password-123");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Only an owner of an account can see its agent keys.");
        await Expect(page.Locator("[data-test=key-row]")).ToHaveCountAsync(0);
    }
}

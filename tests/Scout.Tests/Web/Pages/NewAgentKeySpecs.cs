using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>A new owner signs up in the browser and gets the command for their first agent from the empty server list.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class NewAgentKeySpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task Sign_up_then_create_an_agent_key_from_the_empty_list()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);

        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync("first-agent@example.com");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("password-123");
        await page.GetByLabel("Account name").FillAsync("First Agent Co");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.Locator("[data-test=new-agent-key]").ClickAsync();

        await Expect(page.Locator("[data-test=agent-command]")).ToContainTextAsync($"--server {Node.Address.GetLeftPart(UriPartial.Authority)} --key sk_");
        var key = (await page.Locator("[data-test=agent-command]").TextContentAsync())!.Split("--key ")[1].Trim();
        Assert.NotNull(await Node.Service<Scout.Web.Accounts.Keys.AgentKeyStore>().VerifyAsync(key));
    }
}

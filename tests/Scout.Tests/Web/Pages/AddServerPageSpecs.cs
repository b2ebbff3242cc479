using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// A new owner adds their first server from the empty list: the page makes a key, shows the commands with every
/// node URL of the cluster (Scout:AgentUrls), and links to the server once an agent with that key is online.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AddServerPageSpecs(ChromiumFixture chromium) : DemoNodeSpec(RealtimeNode.Settings(
    ("Scout:AgentUrls:0", "http://10.0.0.1:5080"), ("Scout:AgentUrls:1", "http://10.0.0.2:5080/")))
{
    [Fact]
    public async Task A_new_owner_adds_a_server_and_the_page_links_to_it_when_its_agent_is_online()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync("first-agent@example.com");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("password-123");
        await page.GetByLabel("Account name").FillAsync("First Agent Co");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await page.Locator("[data-test=add-first-server]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(Node.Address, "/servers/new").ToString());
        await page.Locator("[data-test=create-agent-key]").ClickAsync();

        var key = await ShownKey(page);
        const string servers = "--server http://10.0.0.1:5080 --server http://10.0.0.2:5080";
        await Expect(page.Locator("[data-test=install-command]")).ToHaveTextAsync(
            $"curl -fsSL http://10.0.0.1:5080/downloads/install-agent.sh | sudo sh -s -- {servers} --key {key}");
        await Expect(page.Locator("[data-test=agent-command]")).ToHaveTextAsync(
            $"dotnet run --project src/Scout.Agent -- {servers} --key {key}");
        await Expect(page.Locator("[data-test=new-server-link]")).ToHaveCountAsync(0);

        // The real agent, given the key exactly as the page shows it (and this node's address, which the test
        // configuration leaves out of Scout:AgentUrls).
        var account = (await Node.Service<Scout.Web.Accounts.Storage.AccountStore>().FindAccountByNameAsync("First Agent Co"))!.Id;
        Keep(await Node.StartAgent(key, "added-from-the-page"));
        await Node.OnlineServerId(account, "added-from-the-page");

        var link = page.Locator("[data-test=new-server-link]");
        await Expect(link).ToHaveTextAsync("added-from-the-page");
        await link.ClickAsync();
        // Its page, which has no report yet to draw, says the first one is coming.
        await Expect(page.Locator("[data-test=history-note]")).ToContainTextAsync("Collecting — first report");
        await ChromiumFixture.Screenshot(page, nameof(A_new_owner_adds_a_server_and_the_page_links_to_it_when_its_agent_is_online));
    }

    [Fact]
    public async Task A_server_that_was_online_before_the_key_is_not_taken_for_the_new_one()
    {
        var (_, _) = await DemoAgent("already-there");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, "/servers/new");
        await page.Locator("[data-test=create-agent-key]").ClickAsync();
        var key = await ShownKey(page);
        await Expect(page.Locator("[data-test=waiting]")).ToContainTextAsync("Waiting");

        Keep(await Node.StartAgent(key, "brand-new"));

        // The agent's start and the page's poll (every 2 s) may take longer than an expectation's default 5 s.
        await Expect(page.Locator("[data-test=new-server-link]")).ToHaveTextAsync("brand-new",
            new() { Timeout = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds });
    }

    /// <summary>The key once the page shows it (the POST answers after the click returns).</summary>
    private static async Task<string> ShownKey(IPage page)
    {
        await Expect(page.Locator("[data-test=agent-key]")).ToHaveTextAsync(new Regex("^sk_"));
        return (await page.Locator("[data-test=agent-key]").TextContentAsync())!.Trim();
    }
}

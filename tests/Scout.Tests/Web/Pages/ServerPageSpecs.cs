using Akka.Actor;
using Microsoft.Playwright;
using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// The pages in Debian's Chromium against a real node on a real port, with the real agent reading this
/// machine: log in, find the server, watch it live, stop.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ServerPageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private async Task<IPage> Page()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        return page;
    }

    [Fact]
    public async Task Log_in_open_the_server_watch_it_live_with_processes_then_stop()
    {
        var (agent, serverId) = await DemoAgent("pages-live-1");
        var page = await Page();

        // An unauthenticated visit goes to the login form and comes back to the page asked for.
        await page.GotoAsync("/");
        Assert.Contains("/login?returnUrl=", page.Url);
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        var row = page.Locator($"tr[data-server-id='{serverId}']");
        await Expect(row.Locator("[data-test=server-state]")).ToHaveTextAsync("online");

        await row.GetByRole(AriaRole.Link, new() { Name = "pages-live-1" }).ClickAsync();
        await page.WaitForURLAsync($"**/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        var times = await BrowserSteps.SampleTimesAdvance(page, 3, Eventually.Scaled(TimeSpan.FromSeconds(5)));
        await Expect(page.Locator("[data-test=process-table] tbody tr").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("[data-test=process-table] tbody tr").CountAsync() > 0);
        foreach (var chart in new[] { "cpu", "memory", "load", "network", "disk" })
            await Expect(page.Locator($"[data-test=chart-{chart}] canvas").First).ToBeVisibleAsync();
        await ChromiumFixture.Screenshot(page, nameof(Log_in_open_the_server_watch_it_live_with_processes_then_stop));

        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "stopped");
        var atStop = await BrowserSteps.LastSample(page);
        // The agent stops streaming after the 1 s grace period; samples sent until then must not reach the page.
        await Eventually.Holds(async () => Assert.False((await LinkStatus(agent)).Streaming), TimeSpan.FromSeconds(15));
        Assert.Equal(atStop, await BrowserSteps.LastSample(page));
        Assert.True(times[^1] >= times[0]);
    }

    [Fact]
    public async Task Sorting_the_process_table_by_memory_puts_the_largest_resident_set_first()
    {
        var (_, serverId) = await DemoAgent("pages-sort-1");
        var page = await Page();
        await page.GotoAsync($"/servers/{serverId}");
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");

        await page.GetByRole(AriaRole.Button, new() { Name = "Memory" }).ClickAsync();

        await Expect(page.Locator("th[data-sort=rss]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Eventually.Holds(async () =>
        {
            var memory = await page.Locator("[data-test=process-table] tbody tr td:nth-child(5)").AllTextContentsAsync();
            Assert.True(memory.Count > 1);
            var values = memory.Select(ParseBinaryBytes).ToList();
            Assert.Equal(values.OrderByDescending(v => v), values);
        }, TimeSpan.FromSeconds(10));
        await ChromiumFixture.Screenshot(page, nameof(Sorting_the_process_table_by_memory_puts_the_largest_resident_set_first));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_login_form()
    {
        var page = await Page();
        await page.GotoAsync("/");

        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("invalid email or password");
        Assert.Contains("/login", page.Url);
        await ChromiumFixture.Screenshot(page, nameof(A_wrong_password_shows_the_error_on_the_login_form));
    }

    [Fact]
    public async Task A_server_of_another_account_is_not_listed_and_its_page_answers_not_found()
    {
        var otherAccount = await Node.SignUp("eve@example.com", "eve-password-1", "Other");
        var agent = await Node.StartAgent(await Node.NewAgentKey(otherAccount), "pages-foreign-1");
        Keep(agent);
        var foreignId = await Node.OnlineServerId(otherAccount, "pages-foreign-1");
        var (_, ownId) = await DemoAgent("pages-own-1");
        var page = await Page();
        await page.GotoAsync("/");
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        await Expect(page.Locator($"tr[data-server-id='{ownId}']")).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator($"tr[data-server-id='{foreignId}']").CountAsync());
        var foreign = await page.GotoAsync($"/servers/{foreignId}");
        Assert.Equal(404, foreign!.Status);
        await Expect(page.Locator("[data-test=not-found]")).ToBeVisibleAsync();
        var unknown = await page.GotoAsync("/servers/no-such-server");
        Assert.Equal(404, unknown!.Status);
        await ChromiumFixture.Screenshot(page, nameof(A_server_of_another_account_is_not_listed_and_its_page_answers_not_found));
    }

    private static async Task<AgentLinkProtocol.LinkStatus> LinkStatus(AgentHost agent) =>
        await agent.System.ActorSelection("/user/agent/link").Ask<AgentLinkProtocol.LinkStatus>(
            AgentLinkProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5));

    private static double ParseBinaryBytes(string text)
    {
        var parts = text.Split(' ');
        var power = Array.IndexOf(["B", "KiB", "MiB", "GiB", "TiB", "PiB"], parts[1]);
        return double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * Math.Pow(1024, power);
    }
}

using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The process table's filter box narrows the live table by PID, user or command, and says how many match.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ProcessFilterSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task Filtering_by_pid_or_text_narrows_the_live_table_and_clearing_brings_it_back()
    {
        var (_, serverId) = await DemoAgent("process-filter-1");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        var rows = page.Locator("[data-test=process-table] tbody tr");
        await Expect(rows.Nth(1)).ToBeVisibleAsync();
        var pid = await rows.First.GetAttributeAsync("data-pid");
        var filter = page.Locator("[data-test=process-filter]");

        await filter.FillAsync(pid!);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-pid", pid!);
        await Expect(page.Locator("[data-test=process-count]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1 of \d+ processes$"));

        await filter.FillAsync("no-such-process-anywhere");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-test=process-count]")).ToHaveTextAsync("no process matches");

        await filter.FillAsync("");
        await Expect(rows.Nth(1)).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=process-count]")).ToHaveTextAsync("");
    }
}

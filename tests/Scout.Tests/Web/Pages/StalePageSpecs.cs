using System.Text.RegularExpressions;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>A live server page whose samples stop says so instead of drawing charts that look live.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class StalePageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task A_live_page_whose_samples_stop_says_no_data_for_N_s_greys_its_charts_and_goes_live_when_they_return()
    {
        var machine = new ScriptedMachine(processes: 5);
        var (_, serverId) = await DemoAgent("stale-page-1", machine);
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        var charts = page.Locator("[data-test=charts]");
        await Expect(charts).Not.ToHaveAttributeAsync("data-stale", "true");

        machine.Silent = true;

        await Expect(BrowserSteps.Status(page)).ToHaveTextAsync(new Regex(@"^no data for ([5-9]|\d\d+) s$"),
            new() { Timeout = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds });
        await Expect(charts).ToHaveAttributeAsync("data-stale", "true");
        await ChromiumFixture.Screenshot(page, nameof(A_live_page_whose_samples_stop_says_no_data_for_N_s_greys_its_charts_and_goes_live_when_they_return));

        machine.Silent = false;

        await BrowserSteps.StatusReads(page, "live");
        await Expect(charts).Not.ToHaveAttributeAsync("data-stale", "true");
    }
}

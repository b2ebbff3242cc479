using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The wall's servers are ticked on the wall itself and kept in its address, so a wall is a bookmark.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class WallPickerSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private static readonly float Live = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds;

    [Fact]
    public async Task Servers_ticked_on_the_wall_go_live_and_the_address_keeps_them_over_a_reload()
    {
        var (_, first) = await DemoAgent("wall-pick-1");
        var (_, second) = await DemoAgent("wall-pick-2");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/wall?servers={first}");
        var tiles = page.Locator("[data-test=wall-tile]");
        await Expect(tiles).ToHaveCountAsync(1);

        await page.Locator("[data-test=wall-picker] summary").ClickAsync();
        await Expect(page.Locator($"[data-test=wall-pick][data-server-id='{first}']")).ToBeCheckedAsync();
        await page.Locator($"[data-test=wall-pick][data-server-id='{second}']").CheckAsync();

        var added = page.Locator($"[data-test=wall-tile][data-server-id='{second}']");
        await Expect(added.Locator("[data-test=tile-status]")).ToHaveTextAsync("live", new() { Timeout = Live });
        await Expect(page).ToHaveURLAsync(new Uri(Node.Address, $"/wall?servers={first},{second}").ToString());

        await page.Locator($"[data-test=wall-pick][data-server-id='{first}']").UncheckAsync();
        await Expect(tiles).ToHaveCountAsync(1);
        await Expect(page).ToHaveURLAsync(new Uri(Node.Address, $"/wall?servers={second}").ToString());

        await page.ReloadAsync();
        await Expect(tiles).ToHaveCountAsync(1);
        await Expect(added.Locator("[data-test=tile-status]")).ToHaveTextAsync("live", new() { Timeout = Live });
        await Expect(page.Locator($"[data-test=wall-pick][data-server-id='{first}']")).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task A_wall_with_no_servers_opens_its_picker_and_says_what_to_do()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, "/wall");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("No servers picked: tick some under Choose servers.");
        await Expect(page.Locator("[data-test=wall-picker]")).ToHaveAttributeAsync("open", "");
    }
}

using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The wall's servers are ordered in its picker and the address keeps that order, so a wall is a bookmark.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class WallOrderSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task Moving_a_server_down_reorders_the_tiles_and_the_address_and_a_reload_keeps_the_order()
    {
        var a = (await DemoAgent("wall-order-a", new ScriptedMachine(processes: 5))).ServerId;
        var b = (await DemoAgent("wall-order-b", new ScriptedMachine(processes: 5))).ServerId;
        var c = (await DemoAgent("wall-order-c", new ScriptedMachine(processes: 5))).ServerId;
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/wall?servers={a},{b},{c}");
        var tiles = page.Locator("[data-test=wall-tile]");
        await Expect(tiles).ToHaveCountAsync(3);
        async Task<string[]> Order() => await tiles.EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.serverId)");

        await page.Locator("[data-test=wall-picker] summary").ClickAsync();
        await Expect(page.Locator($"[data-test=wall-move-up][data-server-id='{a}']")).ToBeDisabledAsync();
        await page.Locator($"[data-test=wall-move-down][data-server-id='{a}']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(Node.Address, $"/wall?servers={b},{a},{c}").ToString());
        Assert.Equal([b, a, c], await Order());
        await Expect(page.Locator($"[data-test=wall-move-down][data-server-id='{a}']")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Uri(Node.Address, $"/wall?servers={b},{c},{a}").ToString());
        await ChromiumFixture.Screenshot(page, nameof(Moving_a_server_down_reorders_the_tiles_and_the_address_and_a_reload_keeps_the_order));

        await page.ReloadAsync();
        await Expect(tiles).ToHaveCountAsync(3);
        Assert.Equal([b, c, a], await Order());
        await Expect(page.Locator("[data-test=wall-pick]").First).ToHaveAttributeAsync("data-server-id", b);
    }
}

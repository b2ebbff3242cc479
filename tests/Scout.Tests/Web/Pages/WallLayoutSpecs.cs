using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The wall's tiles fill the screen they are on, with values and scales readable from across a room.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class WallLayoutSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private static readonly float Live = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds;

    private sealed record Box(double X, double Y, double Width, double Height);

    private async Task<IPage> Wall(int servers, int width, int height, string name)
    {
        var ids = new List<string>();
        for (var i = 0; i < servers; i++)
            ids.Add((await DemoAgent($"{name}-{i}", new ScriptedMachine(processes: 5))).ServerId);
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.SetViewportSizeAsync(width, height);
        await BrowserSteps.OpenAsDemo(page, $"/wall?servers={string.Join(',', ids)}");
        var badges = page.Locator("[data-test=tile-status]");
        await Expect(badges).ToHaveCountAsync(servers);
        for (var i = 0; i < servers; i++)
            await Expect(badges.Nth(i)).ToHaveTextAsync("live", new() { Timeout = Live });
        return page;
    }

    private static async Task<List<Box>> Tiles(IPage page) =>
        [.. (await page.Locator("[data-test=wall-tile]").EvaluateAllAsync<double[][]>(
            "tiles => tiles.map(t => { const r = t.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"))
            .Select(r => new Box(r[0], r[1], r[2], r[3]))];

    [Fact]
    public async Task Four_servers_on_a_1080p_tv_are_four_quarters_of_the_screen_with_large_values()
    {
        var page = await Wall(4, 1920, 1080, "wall-tv");

        var tiles = await Tiles(page);
        Assert.All(tiles, t =>
        {
            Assert.InRange(t.Width, 900, 960);
            Assert.True(t.Height >= 400, $"a tile is {t.Height} px high");
            Assert.True(t.Y + t.Height <= 1080, $"a tile ends at {t.Y + t.Height} px, below the screen");
        });
        Assert.Equal(2, tiles.Select(t => Math.Round(t.Y)).Distinct().Count());
        var valueSize = await page.Locator("[data-test=tile-value]").First.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(valueSize >= 40, $"the current CPU value is {valueSize} px: not readable from across a room");
        await Expect(page.Locator("[data-test=tile-value]").First).ToHaveTextAsync("30.0 %");
        await ChromiumFixture.Screenshot(page, nameof(Four_servers_on_a_1080p_tv_are_four_quarters_of_the_screen_with_large_values));
    }

    [Fact]
    public async Task Three_servers_at_1400_px_get_wide_tiles_that_fit_the_window()
    {
        var page = await Wall(3, 1400, 900, "wall-laptop");

        var tiles = await Tiles(page);
        Assert.All(tiles, t =>
        {
            Assert.True(t.Width >= 600, $"a tile is {t.Width} px wide");
            Assert.True(t.Y + t.Height <= 900, $"a tile ends at {t.Y + t.Height} px, below the window");
        });
        Assert.False(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollHeight > innerHeight"), "the wall scrolls");
        await ChromiumFixture.Screenshot(page, nameof(Three_servers_at_1400_px_get_wide_tiles_that_fit_the_window));
    }

    [Fact]
    public async Task Each_sparkline_is_labelled_with_the_top_and_bottom_of_its_scale()
    {
        var page = await Wall(1, 1400, 900, "wall-scale");
        var tile = page.Locator("[data-test=wall-tile]");
        ILocator Scale(string metric, string end) => tile.Locator($"[data-metric={metric}] [data-test=spark-{end}]");

        await Expect(Scale("cpu", "max")).ToHaveTextAsync("100.0 %");
        await Expect(Scale("cpu", "min")).ToHaveTextAsync("0.0 %");
        // 6 GiB used of 16 GiB, steady: the line spans 1 % of the total around it, not 0 to 16 GiB.
        await Expect(Scale("memory", "max")).ToHaveTextAsync("6.2 GiB");
        await Expect(Scale("memory", "min")).ToHaveTextAsync("5.8 GiB");
        // eth0 and wlan0 in and out (the loopback left out): 1,795 KiB/s at the top, from zero.
        await Expect(Scale("network", "max")).ToHaveTextAsync("1.8 MiB/s");
        await Expect(Scale("network", "min")).ToHaveTextAsync("0 B/s");
    }
}

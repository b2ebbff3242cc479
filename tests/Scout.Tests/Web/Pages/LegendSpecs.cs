using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// Values at a glance: legends show the newest value while the mouse is elsewhere (never "–" for a series that has
/// data), the value under the cursor while hovering, and each chart's header carries its headline figure.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class LegendSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [GeneratedRegex(@"^\d+\.\d %$")]
    private static partial Regex Percent();

    [GeneratedRegex(@"^\d+(\.\d)? (B|KiB|MiB|GiB|TiB)$")]
    private static partial Regex Bytes();

    [GeneratedRegex(@"^\d+(\.\d)? (B|KiB|MiB|GiB|TiB) of \d+(\.\d)? (B|KiB|MiB|GiB|TiB)$")]
    private static partial Regex UsedOfTotal();

    private static ILocator LegendValue(IPage page, string chart, int series) =>
        page.Locator($"[data-test=chart-{chart}] .u-legend .u-series").Nth(series).Locator(".u-value");

    [Fact]
    public async Task Live_legends_and_headlines_read_the_newest_values_at_rest()
    {
        var (_, serverId) = await DemoAgent("legend-live-1");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await BrowserSteps.SampleTimesAdvance(page, 2, Eventually.Scaled(TimeSpan.FromSeconds(5)));

        // At rest (the mouse is on the Realtime button): numbers, not dashes.
        await Expect(LegendValue(page, "cpu", 1)).ToHaveTextAsync(Percent());
        await Expect(LegendValue(page, "memory", 1)).ToHaveTextAsync(Bytes());
        await Expect(LegendValue(page, "memory", 2)).ToHaveTextAsync(Bytes());
        await Expect(LegendValue(page, "load", 1)).ToHaveTextAsync(new Regex(@"^\d+\.\d\d$"));
        await Expect(LegendValue(page, "network", 1)).ToHaveTextAsync(new Regex(@"/s$"));
        await Expect(page.Locator("[data-test=headline-cpu]")).ToHaveTextAsync(Percent());
        await Expect(page.Locator("[data-test=headline-memory]")).ToHaveTextAsync(UsedOfTotal());
        await Expect(page.Locator("[data-test=headline-network]")).ToHaveTextAsync(new Regex(@"^in .+/s · out .+/s$"));
        await Expect(page.Locator("[data-test=headline-cores]")).ToHaveTextAsync(new Regex(@"^busiest \d+\.\d %$"));

        await ChromiumFixture.Screenshot(page, nameof(Live_legends_and_headlines_read_the_newest_values_at_rest));
    }

    [Fact]
    public async Task A_history_legend_shows_the_hovered_point_under_the_cursor_and_the_newest_again_after()
    {
        var (_, serverId) = await ReportingAgent("legend-history-1", points: 3);
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        var cpu = page.Locator("[data-test=chart-cpu]");
        await Expect(cpu).ToHaveAttributeAsync("data-points", new Regex("^([3-9]|[1-9][0-9]+)$"));

        // At rest: the newest point's time and value, and the headline.
        await Expect(LegendValue(page, "cpu", 1)).ToHaveTextAsync(Percent());
        await Expect(LegendValue(page, "memory", 1)).ToHaveTextAsync(Bytes());
        await Expect(page.Locator("[data-test=headline-memory]")).ToHaveTextAsync(UsedOfTotal());
        var restTime = (await LegendValue(page, "cpu", 0).TextContentAsync())!;
        Assert.NotEqual("–", restTime);

        // The hour's left edge has no point: the legend reads the cursor's place, not the newest point.
        var box = (await cpu.Locator(".u-over").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.02f, box.Y + box.Height / 2);
        await Expect(LegendValue(page, "cpu", 0)).Not.ToHaveTextAsync(restTime);

        await page.Mouse.MoveAsync(1, 1);
        await Expect(LegendValue(page, "cpu", 0)).ToHaveTextAsync(restTime);
        await Expect(LegendValue(page, "cpu", 1)).ToHaveTextAsync(Percent());
    }
}

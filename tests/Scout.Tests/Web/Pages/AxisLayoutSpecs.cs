using System.Text.Json;
using Microsoft.Playwright;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.History;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// Axis labels are drawn on canvas, so the page reports where uPlot put each one (<c>scoutAxisLayout</c>) and this
/// spec checks the boxes: no two labels of an axis overlap, none is cut by the canvas or runs into the plot, and
/// each axis title fits beside the plot, at a narrow and a very wide screen, in history ranges and live.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AxisLayoutSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private static readonly string[] Charts = ["cpu", "memory", "load", "network", "disk"];

    [Theory]
    [InlineData(800)]
    [InlineData(2560)]
    public async Task Axis_labels_never_overlap_or_clip(int width)
    {
        var (_, serverId) = await ReportingAgent($"axes-{width}", points: 3);
        // Reports near the start of the 24 h and 7 d ranges too: a range whose data starts late is drawn from its data on
        // (HistoryDetailPageSpecs), and these axes are to span their whole range, with its day and date labels.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Node.Service<ReportStore>().WriteAsync([
            (serverId, ReportSpoolTests.Report(now - 167 * 3_600_000L)), (serverId, ReportSpoolTests.Report(now - 23 * 3_600_000L))]);
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.SetViewportSizeAsync(width, 1200);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");

        foreach (var (range, hours) in new[] { ("1h", 1), ("24h", 24), ("7d", 168) })
        {
            await page.Locator($"[data-test=range-{range}]").ClickAsync();
            await Expect(page.Locator($"[data-test=range-{range}]")).ToHaveAttributeAsync("aria-pressed", "true");
            // Every chart drawn with the new range (history draws charts off screen too).
            foreach (var chart in Charts)
                await Eventually.Holds(async () => Assert.Equal(hours * 3_600_000L, await Span(page, chart)), TimeSpan.FromSeconds(15));
            await CheckAll(page, $"{width} px, {range}");
        }
        await ChromiumFixture.Screenshot(page, $"Axes_at_{width}_px_7d");

        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await BrowserSteps.SampleTimesAdvance(page, 2, Eventually.Scaled(TimeSpan.FromSeconds(5)));
        // Live charts off screen wait until they are scrolled to: check the ones live has drawn.
        await CheckAll(page, $"{width} px, live", live: true);
        await ChromiumFixture.Screenshot(page, $"Axes_at_{width}_px_live");
    }

    private static async Task<long> Span(IPage page, string chart)
    {
        var element = page.Locator($"[data-test=chart-{chart}]");
        return long.Parse(await element.GetAttributeAsync("data-to") ?? "0") - long.Parse(await element.GetAttributeAsync("data-from") ?? "0");
    }

    private static async Task CheckAll(IPage page, string where, bool live = false)
    {
        foreach (var chart in Charts)
        {
            if (live && await page.Locator($"[data-test=chart-{chart}]").GetAttributeAsync("data-view") != "live")
                continue;
            var json = await page.Locator($"[data-test=chart-{chart}]").EvaluateAsync<JsonElement>("el => el.scoutAxisLayout()");
            Check(json, $"{chart} at {where}");
        }
    }

    private static void Check(JsonElement layout, string where)
    {
        var canvasWidth = layout.GetProperty("width").GetDouble();
        var plot = layout.GetProperty("plot");
        var plotLeft = plot.GetProperty("left").GetDouble();
        var plotHeight = plot.GetProperty("height").GetDouble();
        var axes = layout.GetProperty("axes").EnumerateArray().ToList();

        var time = Boxes(axes[0]);
        Assert.True(time.Count >= 2, $"{where}: {time.Count} time labels");
        foreach (var b in time)
            Assert.True(b.X >= 0 && b.X + b.W <= canvasWidth, $"{where}: time label '{b.Text}' at {b.X:0}-{b.X + b.W:0} is cut by the canvas (0-{canvasWidth})");
        for (var i = 1; i < time.Count; i++)
            Assert.True(time[i - 1].X + time[i - 1].W <= time[i].X, $"{where}: time labels '{time[i - 1].Text}' and '{time[i].Text}' overlap; {layout}");

        var values = Boxes(axes[1]);
        Assert.True(values.Count >= 2, $"{where}: {values.Count} value labels");
        var yLeft = plotLeft - axes[1].GetProperty("size").GetDouble();
        foreach (var b in values)
            Assert.True(b.X >= yLeft, $"{where}: value label '{b.Text}' starts at {b.X:0}, left of its axis ({yLeft:0}): cut");
        var byHeight = values.OrderBy(b => b.Y).ToList();
        for (var i = 1; i < byHeight.Count; i++)
            Assert.True(byHeight[i - 1].Y + byHeight[i - 1].H <= byHeight[i].Y, $"{where}: value labels '{byHeight[i - 1].Text}' and '{byHeight[i].Text}' overlap");
        Assert.Equal(values.Count, values.Select(b => b.Text).Distinct().Count());

        // The time axis's title runs along the canvas, the value axis's up the plot's height.
        foreach (var (axis, room) in new[] { (axes[0], canvasWidth), (axes[1], plotHeight) })
            Assert.True(axis.GetProperty("labelWidth").GetDouble() <= room,
                $"{where}: the axis title '{axis.GetProperty("label").GetString()}' is longer than its side ({room:0} px)");
    }

    private sealed record Box(string Text, double X, double Y, double W, double H);

    private static List<Box> Boxes(JsonElement axis) =>
        axis.GetProperty("values").EnumerateArray().Select(v => new Box(
            v.GetProperty("text").GetString()!, v.GetProperty("x").GetDouble(), v.GetProperty("y").GetDouble(),
            v.GetProperty("width").GetDouble(), v.GetProperty("height").GetDouble())).OrderBy(b => b.X).ToList();
}

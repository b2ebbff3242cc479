using System.Globalization;
using Microsoft.Playwright;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.History;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// The server page's history in Debian's Chromium: a real agent sends real minute reports (every second
/// here) through the agent hub into the node's database, and the page draws them, by range, zoomed in,
/// and again after a live session.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class HistoryPageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private const long Hour = 3_600_000;

    [Fact]
    public async Task A_server_with_reports_opens_on_its_last_hour_drawn_as_a_chart()
    {
        var (_, serverId) = await ReportingAgent("history-drawn-1", points: 3);

        var page = await OpenServerPage(serverId);

        var cpu = Chart(page, "cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");
        await Eventually.Holds(async () => Assert.True(await Points(cpu) >= 3, "the CPU chart drew fewer than 3 history points"), TimeSpan.FromSeconds(15));
        Assert.Equal(Hour, await Span(cpu));
        foreach (var chart in new[] { "memory", "load", "network", "disk" })
            await Expect(Chart(page, chart)).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await Expect(page.Locator("[data-test=history-note]")).Not.ToContainTextAsync("No history");
        await Expect(page.Locator("[data-test=range-1h]")).ToHaveAttributeAsync("aria-pressed", "true");
        await ChromiumFixture.Screenshot(page, nameof(A_server_with_reports_opens_on_its_last_hour_drawn_as_a_chart));
    }

    [Fact]
    public async Task Choosing_6_h_asks_the_history_api_for_six_hours_and_draws_up_to_its_end()
    {
        var (_, serverId) = await ReportingAgent("history-range-1", points: 1);
        var page = await OpenServerPage(serverId);
        var cpu = Chart(page, "cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");

        var request = await page.RunAndWaitForRequestAsync(
            () => page.Locator("[data-test=range-6h]").ClickAsync(), r => r.Url.Contains("/history?"));

        var (from, to) = AskedRange(request.Url);
        Assert.Equal(6 * Hour, to - from);
        await Expect(cpu).ToHaveAttributeAsync("data-to", to.ToString(CultureInfo.InvariantCulture));
        // The agent reported for seconds of the six hours: the axis starts near its data (HistoryDetailPageSpecs), never before the range.
        Assert.InRange(long.Parse((await cpu.GetAttributeAsync("data-from"))!, CultureInfo.InvariantCulture), from, to);
        await Expect(page.Locator("[data-test=range-6h]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("[data-test=range-1h]")).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.True(await Points(cpu) >= 1);
        await ChromiumFixture.Screenshot(page, nameof(Choosing_6_h_asks_the_history_api_for_six_hours_and_draws_up_to_its_end));
    }

    [Fact]
    public async Task Dragging_across_a_chart_zooms_into_that_stretch_and_reset_zoom_returns_to_the_range()
    {
        var (_, serverId) = await ReportingAgent("history-zoom-1", points: 1);
        var page = await OpenServerPage(serverId);
        var cpu = Chart(page, "cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");
        var box = (await cpu.Locator(".u-over").BoundingBoxAsync())!;
        var y = box.Y + box.Height / 2;

        // From a quarter to three quarters of the hour: about 30 minutes asked for again, finer.
        var zoom = await page.RunAndWaitForRequestAsync(async () =>
        {
            await page.Mouse.MoveAsync(box.X + box.Width * 0.25f, y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width * 0.75f, y, new() { Steps = 8 });
            await page.Mouse.UpAsync();
        }, r => r.Url.Contains("/history?"));

        var (from, to) = AskedRange(zoom.Url);
        Assert.InRange(to - from, 25 * 60_000, 35 * 60_000);
        await Expect(cpu).ToHaveAttributeAsync("data-from", from.ToString(CultureInfo.InvariantCulture));
        var reset = page.Locator("[data-test=reset-zoom]");
        await Expect(reset).ToBeVisibleAsync();
        await ChromiumFixture.Screenshot(page, nameof(Dragging_across_a_chart_zooms_into_that_stretch_and_reset_zoom_returns_to_the_range));

        var back = await page.RunAndWaitForRequestAsync(() => reset.ClickAsync(), r => r.Url.Contains("/history?"));

        var (backFrom, backTo) = AskedRange(back.Url);
        Assert.Equal(Hour, backTo - backFrom);
        await Expect(reset).ToBeHiddenAsync();
        await Expect(cpu).ToHaveAttributeAsync("data-from", backFrom.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task After_a_live_session_is_stopped_the_charts_show_history_again()
    {
        var (_, serverId) = await ReportingAgent("history-refill-1", points: 1);
        var page = await OpenServerPage(serverId);
        var cpu = Chart(page, "cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");

        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "live");
        await BrowserSteps.SampleTimesAdvance(page, 2, Eventually.Scaled(TimeSpan.FromSeconds(5)));

        var refill = await page.RunAndWaitForRequestAsync(
            () => page.Locator("[data-test=realtime-toggle]").ClickAsync(), r => r.Url.Contains("/history?"));

        var (from, to) = AskedRange(refill.Url);
        Assert.Equal(Hour, to - from);
        await BrowserSteps.StatusReads(page, "stopped");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");
        await Expect(cpu).ToHaveAttributeAsync("data-to", to.ToString(CultureInfo.InvariantCulture));
        Assert.True(await Points(cpu) >= 1);
        await ChromiumFixture.Screenshot(page, nameof(After_a_live_session_is_stopped_the_charts_show_history_again));
    }

    [Fact]
    public async Task When_the_agent_goes_offline_during_a_live_session_the_charts_show_history_again()
    {
        var (agent, serverId) = await ReportingAgent("history-offline-1", points: 1);
        var page = await OpenServerPage(serverId);
        var cpu = Chart(page, "cpu");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "live");

        var refill = await page.RunAndWaitForRequestAsync(() => agent.DisposeAsync().AsTask(), r => r.Url.Contains("/history?"));

        await BrowserSteps.StatusReads(page, "agent offline");
        var (from, to) = AskedRange(refill.Url);
        Assert.Equal(Hour, to - from);
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");
        Assert.True(await Points(cpu) >= 1);
        await ChromiumFixture.Screenshot(page, nameof(When_the_agent_goes_offline_during_a_live_session_the_charts_show_history_again));
    }

    /// <summary>
    /// A real agent of the demo account with reports switched on every second (readings every 250 ms so
    /// each window has some); returns once the node's last hour holds <paramref name="points"/> CPU points
    /// at the width the page asks for (3.6 s buckets), so the page has that many to draw.
    /// </summary>
    private async Task<IPage> OpenServerPage(string serverId)
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.GotoAsync($"/servers/{serverId}");
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        await page.WaitForURLAsync($"**/servers/{serverId}");
        return page;
    }

    private static ILocator Chart(IPage page, string name) => page.Locator($"[data-test=chart-{name}]");

    private static async Task<int> Points(ILocator chart) =>
        int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);

    private static async Task<long> Span(ILocator chart) =>
        long.Parse((await chart.GetAttributeAsync("data-to"))!, CultureInfo.InvariantCulture)
        - long.Parse((await chart.GetAttributeAsync("data-from"))!, CultureInfo.InvariantCulture);

    /// <summary>The from and to (Unix ms) of a history API request the page made.</summary>
    private static (long From, long To) AskedRange(string url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query);
        return (long.Parse(query["from"]!, CultureInfo.InvariantCulture), long.Parse(query["to"]!, CultureInfo.InvariantCulture));
    }
}

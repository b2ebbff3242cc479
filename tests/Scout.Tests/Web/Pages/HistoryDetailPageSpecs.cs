using System.Globalization;
using Microsoft.Playwright;
using Scout.Actors.AgentWire;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// Every series the live view draws, drawn again from stored minute reports in Debian's Chromium: the reports are
/// written into the node's real database with figures chosen here, so the page's legends and tables can be read
/// for exactly those figures.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class HistoryDetailPageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A report of the minute ending at <paramref name="time"/> with every figure set; CPU peaks at 97 % in it.</summary>
    private static MinuteReport Full(long time) => ReportSpoolTests.Report(time) with
    {
        IntervalMs = 60_000,
        CpuTotal = new Stat(22, 97),
        CpuUser = new Stat(12, 60),
        CpuSystem = new Stat(3, 20),
        CpuIoWait = new Stat(7, 30),
        MemoryUsed = new Stat(3L << 30, 5L << 30),
        MemoryCached = new Stat(2L << 30, 2L << 30),
        CpuCores = [new NamedStat("cpu0", 20, 40), new NamedStat("cpu1", 80, 99)],
        Filesystems = [new FilesystemUse("/srv", 100L << 30, 40L << 30, 50L << 30, "xfs")],
        Processes = [new ProcessStats(4242, "postgres", "postgres: checkpointer", "postgres", "S", 12.5, 64L << 20, 3)],
    };

    [Fact]
    public async Task History_draws_cpu_shares_cached_memory_cores_filesystems_and_processes_from_stored_reports()
    {
        var serverId = await ServerWithReports("detail-1", Enumerable.Range(1, 20).Select(i => Full(Now - i * 60_000L)).ToArray());

        var page = await Open(serverId);

        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-view", "history");
        await Expect(LegendValue(page, "cpu", "user")).ToHaveTextAsync("12.0 %");
        await Expect(LegendValue(page, "cpu", "system")).ToHaveTextAsync("3.0 %");
        await Expect(LegendValue(page, "cpu", "io wait")).ToHaveTextAsync("7.0 %");
        await Expect(LegendValue(page, "memory", "cached")).ToHaveTextAsync("2.0 GiB");
        await Expect(LegendValue(page, "cores", "cpu0")).ToHaveTextAsync("20.0 %");
        await Expect(LegendValue(page, "cores", "cpu1")).ToHaveTextAsync("80.0 %");
        await Expect(page.Locator("[data-test=headline-cores]")).ToHaveTextAsync("busiest 80.0 %");
        await Expect(page.Locator("[data-test=filesystems] tbody tr").First).ToContainTextAsync("/srv");
        await Expect(page.Locator("[data-test=filesystems] tbody tr").First).ToContainTextAsync("xfs");
        await Expect(page.Locator("[data-test=process-table] tbody tr[data-pid='4242']")).ToContainTextAsync("postgres: checkpointer");
        await Expect(page.Locator("[data-test=panel-note-processes]")).ToContainTextAsync("the newest minute report in this stretch");
        foreach (var chart in new[] { "cpu", "cores", "memory" })
            await Expect(page.Locator($"[data-test=panel-note-{chart}]")).ToBeHiddenAsync();
        await ChromiumFixture.Screenshot(page, nameof(History_draws_cpu_shares_cached_memory_cores_filesystems_and_processes_from_stored_reports));
    }

    [Fact]
    public async Task History_shades_cpu_and_memory_peaks_above_their_averages()
    {
        // A connected agent (it sends no report of its own here), with ten stored minutes.
        var (_, serverId) = await DemoAgent("peaks-1");
        await Node.Service<ReportStore>().WriteAsync(Enumerable.Range(1, 10).Select(i => (serverId, Full(Now - i * 60_000L))).ToArray());

        var page = await Open(serverId);

        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-bands", "1");
        await Expect(Chart(page, "memory")).ToHaveAttributeAsync("data-bands", "1");
        // The average of the minute reads 22 %; the spike inside it is what the peak keeps.
        await Expect(LegendValue(page, "cpu", "busy")).ToHaveTextAsync("22.0 %");
        await Expect(LegendValue(page, "cpu", "busy peak")).ToHaveTextAsync("97.0 %");
        await Expect(LegendValue(page, "memory", "used peak")).ToHaveTextAsync("5.0 GiB");

        // Live draws readings, not averages: no band.
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-view", "live", new() { Timeout = Scaled(30) });
        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-bands", "0");
    }

    [Fact]
    public async Task A_stretch_without_reports_says_why_in_each_panel()
    {
        // Reports two days ago only: the last hour has none, but the server is not new.
        var serverId = await ServerWithReports("empty-range-1", Full(Now - 2 * 86_400_000L));

        var page = await Open(serverId);

        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-view", "history");
        foreach (var panel in new[] { "cpu", "cores", "memory", "load", "network", "disk", "filesystems", "processes" })
            await Expect(page.Locator($"[data-test=panel-note-{panel}]")).ToHaveTextAsync(
                "No minute report in this stretch: the agent was not reporting then. Choose a longer range, or press Realtime.");
        await Expect(page.Locator("[data-test=history-note]")).ToContainTextAsync("No history for this time yet");
        await ChromiumFixture.Screenshot(page, nameof(A_stretch_without_reports_says_why_in_each_panel));
    }

    [Fact]
    public async Task Two_minutes_of_data_in_a_6_h_range_are_drawn_across_the_axis_with_a_note_saying_since_when()
    {
        var first = Now - 2 * 60_000L;
        var serverId = await ServerWithReports("sparse-1", Full(first), Full(first + 60_000));
        var page = await Open(serverId);
        var cpu = Chart(page, "cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-view", "history");

        var request = await page.RunAndWaitForRequestAsync(
            () => page.Locator("[data-test=range-6h]").ClickAsync(), r => r.Url.Contains("/history?"));

        var to = long.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query)["to"]!, CultureInfo.InvariantCulture);
        await Expect(cpu).ToHaveAttributeAsync("data-to", to.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-test=history-note]")).ToContainTextAsync("Data since");
        var from = long.Parse((await cpu.GetAttributeAsync("data-from"))!, CultureInfo.InvariantCulture);
        // The axis starts shortly before the first report, not six hours back: the two points fill the chart.
        Assert.InRange(first - from, 0, 10 * 60_000);
        Assert.True(await Points(cpu) >= 2);
        await ChromiumFixture.Screenshot(page, nameof(Two_minutes_of_data_in_a_6_h_range_are_drawn_across_the_axis_with_a_note_saying_since_when));
    }

    [Fact]
    public async Task A_silence_between_reports_is_drawn_as_a_break_in_the_line()
    {
        // Three reports: one 50 minutes ago, then nothing until two a minute apart at the end of the hour.
        var now = Now;
        var serverId = await ServerWithReports("gap-1", Full(now - 50 * 60_000L), Full(now - 2 * 60_000L), Full(now - 60_000L));

        var page = await Open(serverId);

        // Three points and, between the first two, one without figures: uPlot does not join across it.
        await Expect(Chart(page, "cpu")).ToHaveAttributeAsync("data-points", "4");
        await Expect(Chart(page, "memory")).ToHaveAttributeAsync("data-points", "4");
        await ChromiumFixture.Screenshot(page, nameof(A_silence_between_reports_is_drawn_as_a_break_in_the_line));
    }

    private async Task<string> ServerWithReports(string hostname, params MinuteReport[] reports)
    {
        var server = await Node.Service<ServerStore>().FindOrCreateAsync(DemoAccount, hostname);
        await Node.Service<ReportStore>().WriteAsync(reports.Select(r => (server.Id, r)).ToArray());
        return server.Id;
    }

    private async Task<IPage> Open(string serverId)
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        await page.WaitForURLAsync($"**/servers/{serverId}");
        return page;
    }

    private static ILocator Chart(IPage page, string name) => page.Locator($"[data-test=chart-{name}]");

    /// <summary>The legend value of the series labelled <paramref name="label"/> (exactly) in a chart.</summary>
    private static ILocator LegendValue(IPage page, string chart, string label) =>
        Chart(page, chart).Locator(".u-legend .u-series")
            .Filter(new() { Has = page.Locator(".u-label", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{label}$") }) })
            .Locator(".u-value");

    private static async Task<int> Points(ILocator chart) =>
        int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);

    private static float Scaled(int seconds) => (float)Eventually.Scaled(TimeSpan.FromSeconds(seconds)).TotalMilliseconds;
}

using System.Text.RegularExpressions;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// A server whose agent just connected and has sent no minute report yet: its page and its row in the servers list
/// say that data is being collected and when the first report is due, instead of standing blank.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class NewServerPageSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task A_new_servers_page_says_it_is_collecting_and_when_the_first_report_is_due()
    {
        // The test agent sends no minute report: the server stays new for the whole test.
        var (_, serverId) = await DemoAgent("new-server-1");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);

        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");

        var note = page.Locator("[data-test=history-note]");
        await Expect(note).ToHaveTextAsync(new Regex(@"^Collecting — first report (in \d+ s|due now)\. Press Realtime to see the last minutes now\.$"));
        var first = Seconds(await note.TextContentAsync());
        Assert.InRange(first, 1, 60);   // the agent's default interval after it connected, counted down
        await Expect(note).Not.ToHaveTextAsync($"Collecting — first report in {first} s. Press Realtime to see the last minutes now.");
        Assert.True(Seconds(await note.TextContentAsync()) < first, "the countdown did not go down");
        await Expect(page.Locator("[data-test=panel-note-cpu]")).ToContainTextAsync("first minute report is on its way");
        await ChromiumFixture.Screenshot(page, nameof(A_new_servers_page_says_it_is_collecting_and_when_the_first_report_is_due));

        // Realtime shows the agent's last minutes (its buffer's backfill) at once.
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(page.Locator("[data-test=chart-cpu]")).ToHaveAttributeAsync("data-view", "live");
        await Expect(page.Locator("[data-test=panel-note-cpu]")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_servers_list_says_collecting_where_a_new_servers_sparkline_would_be()
    {
        var (_, serverId) = await DemoAgent("new-server-2");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);

        await BrowserSteps.OpenAsDemo(page, "/");

        var row = page.Locator($"tr[data-test=server-row][data-server-id='{serverId}']");
        await Expect(row.Locator("[data-test=sparkline-note]")).ToHaveTextAsync("collecting");
        await Expect(row.Locator("canvas.spark")).ToHaveCountAsync(0);
        await ChromiumFixture.Screenshot(page, nameof(The_servers_list_says_collecting_where_a_new_servers_sparkline_would_be));
    }

    private static int Seconds(string? note)
    {
        var match = Regex.Match(note ?? "", @"in (\d+) s");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }
}

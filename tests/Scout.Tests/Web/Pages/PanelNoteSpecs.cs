using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>Panels the minute history does not carry (per-core CPU, filesystems, processes) say why they are empty, in words.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class PanelNoteSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task In_history_the_panels_without_history_say_so_and_live_they_are_drawn_without_the_note()
    {
        var (_, serverId) = await DemoAgent("panel-notes-1");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");

        await Expect(page.Locator("[data-test=panel-note-cores]")).ToHaveTextAsync(
            "Per-core CPU is kept only live (not in the minute history yet): press Realtime to see each core.");
        await Expect(page.Locator("[data-test=panel-note-processes]")).ToHaveTextAsync(
            "Processes are shown live only (not in the minute history yet): press Realtime.");
        await Expect(page.Locator("[data-test=panel-note-filesystems]")).ToBeVisibleAsync();

        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(page.Locator("[data-test=process-table] tbody tr").First).ToBeVisibleAsync();
        foreach (var note in new[] { "cores", "filesystems", "processes" })
            await Expect(page.Locator($"[data-test=panel-note-{note}]")).ToBeHiddenAsync();

        // Back in history the tables keep the newest live sample, and say that is what they show.
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await Expect(page.Locator("[data-test=panel-note-processes]")).ToHaveTextAsync(
            "The newest live sample: processes are not in the minute history yet.");
        await Expect(page.Locator("[data-test=process-table] tbody tr").First).ToBeVisibleAsync();
    }
}

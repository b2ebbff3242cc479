using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>Panels with nothing to draw say why, in words; live they are drawn without the note.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class PanelNoteSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    [Fact]
    public async Task A_new_servers_panels_say_the_first_report_is_coming_and_live_they_are_drawn_without_the_note()
    {
        var (_, serverId) = await DemoAgent("panel-notes-1");
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");

        const string coming = "Nothing yet: the server's first minute report is on its way. Press Realtime to watch it live now.";
        foreach (var note in new[] { "cpu", "cores", "memory", "filesystems", "processes" })
            await Expect(page.Locator($"[data-test=panel-note-{note}]")).ToHaveTextAsync(coming);

        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(page.Locator("[data-test=process-table] tbody tr").First).ToBeVisibleAsync();
        foreach (var note in new[] { "cpu", "cores", "filesystems", "processes" })
            await Expect(page.Locator($"[data-test=panel-note-{note}]")).ToBeHiddenAsync();

        // Back in history, with no report yet, the tables keep the newest live sample and say that is what they show.
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await Expect(page.Locator("[data-test=panel-note-processes]")).ToHaveTextAsync(
            "The newest live sample: no minute report in this stretch.");
        await Expect(page.Locator("[data-test=process-table] tbody tr").First).ToBeVisibleAsync();
    }
}

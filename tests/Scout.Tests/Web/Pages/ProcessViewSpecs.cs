using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Scout.Tests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// The live process view as an htop user reaches for it: every process the agent sends, sortable headers,
/// long commands cut and shown whole on demand, and the keyboard.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ProcessViewSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private const int Processes = 60;

    private ILocator Rows(IPage page) => page.Locator("[data-test=process-table] tbody tr");

    private async Task<IPage> LiveProcessView(string hostname)
    {
        var (_, serverId) = await DemoAgent(hostname, new ScriptedMachine(Processes));
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await Expect(Rows(page)).ToHaveCountAsync(Processes);
        return page;
    }

    private static async Task<List<string>> Column(IPage page, int column) =>
        [.. await page.Locator($"[data-test=process-table] tbody tr td:nth-child({column})").AllTextContentsAsync()];

    [Fact]
    public async Task Every_process_the_agent_sends_is_a_row_beyond_forty()
    {
        var page = await LiveProcessView("proc-all-1");

        var pids = (await Column(page, 1)).Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(ScriptedMachine.LongCommandPid, Processes).OrderBy(p => p), pids.OrderBy(p => p));
        await ChromiumFixture.Screenshot(page, nameof(Every_process_the_agent_sends_is_a_row_beyond_forty));
    }

    [Fact]
    public async Task Clicking_a_header_sorts_by_it_and_clicking_again_reverses_the_order()
    {
        var page = await LiveProcessView("proc-sort-1");
        var pidHeader = page.Locator("th[data-sort=pid]");

        await pidHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(pidHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(page.Locator("th[data-sort=cpu]")).ToHaveAttributeAsync("aria-sort", "none");
        // The attribute changes at once, the rows with the next frame.
        await Eventually.Holds(async () =>
        {
            var ascending = (await Column(page, 1)).Select(int.Parse).ToList();
            Assert.Equal(ascending.Order(), ascending);
        });

        await pidHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(pidHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Eventually.Holds(async () =>
        {
            var descending = (await Column(page, 1)).Select(int.Parse).ToList();
            Assert.Equal(descending.OrderDescending(), descending);
        });
    }

    [Fact]
    public async Task Enter_and_Space_on_a_header_sort_by_user_and_by_command()
    {
        var page = await LiveProcessView("proc-sort-keys-1");

        await page.Locator("th[data-sort=user] button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("th[data-sort=user]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Eventually.Holds(async () =>
        {
            var users = await Column(page, 2);
            Assert.Equal(users.Order(StringComparer.Ordinal), users);
        });

        await page.Locator("th[data-sort=command] button").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("th[data-sort=command]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(page.Locator("th[data-sort=user]")).ToHaveAttributeAsync("aria-sort", "none");
        await Eventually.Holds(async () =>
        {
            var commands = (await Column(page, 7)).Select(c => c.ToLowerInvariant()).ToList();
            Assert.Equal(commands.Order(StringComparer.Ordinal), commands);
        });
    }

    [Fact]
    public async Task A_long_command_ends_in_an_ellipsis_with_the_whole_text_on_hover_and_when_its_row_is_expanded()
    {
        var page = await LiveProcessView("proc-long-1");
        var row = page.Locator($"[data-test=process-table] tbody tr[data-pid='{ScriptedMachine.LongCommandPid}']");
        var command = row.Locator("td.cmd");

        await Expect(command).ToHaveAttributeAsync("title", ScriptedMachine.LongCommand);
        Assert.Equal("ellipsis", await command.EvaluateAsync<string>("e => getComputedStyle(e).textOverflow"));
        Assert.True(await command.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the long command is not cut");
        var collapsedHeight = await command.EvaluateAsync<double>("e => e.getBoundingClientRect().height");

        await row.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(row).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.True(await command.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "the expanded command is still cut");
        Assert.True(await command.EvaluateAsync<double>("e => e.getBoundingClientRect().height") > collapsedHeight * 1.5,
            "the expanded row did not grow to show the whole command");
        await ChromiumFixture.Screenshot(page, nameof(A_long_command_ends_in_an_ellipsis_with_the_whole_text_on_hover_and_when_its_row_is_expanded));

        await page.Keyboard.PressAsync("Enter");
        await Expect(row).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task Arrow_keys_move_the_focused_row_and_slash_jumps_to_the_filter()
    {
        var page = await LiveProcessView("proc-keys-1");
        // By PID, so the order stays put while the test walks it.
        await page.Locator("th[data-sort=pid] button").ClickAsync();
        await Expect(page.Locator("th[data-sort=pid]")).ToHaveAttributeAsync("aria-sort", "ascending");
        // The attribute changes at once, the rows when the table is next drawn (once the panel is seen on screen):
        // keys pressed before that walk the old order.
        await Eventually.Holds(async () => Assert.Equal($"{ScriptedMachine.LongCommandPid}", (await Column(page, 1))[0]));
        var focusedPid = () => page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.pid ?? null");

        await Rows(page).First.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal($"{ScriptedMachine.LongCommandPid + 2}", await focusedPid());
        await page.Keyboard.PressAsync("ArrowUp");
        Assert.Equal($"{ScriptedMachine.LongCommandPid + 1}", await focusedPid());
        await page.Keyboard.PressAsync("End");
        Assert.Equal($"{ScriptedMachine.LongCommandPid + Processes - 1}", await focusedPid());

        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("[data-test=process-filter]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("www-data");
        await Expect(Rows(page)).ToHaveCountAsync(Processes / 3);
    }
}

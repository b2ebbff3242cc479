using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>Each tile says whether its server is live, stalled (no sample for N s) or offline.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class WallTileStatusSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private static readonly float Live = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds;

    private async Task<ILocator> LiveTile(string serverId)
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/wall?servers={serverId}");
        var tile = page.Locator($"[data-test=wall-tile][data-server-id='{serverId}']");
        await Expect(tile.Locator("[data-test=tile-status]")).ToHaveTextAsync("live", new() { Timeout = Live });
        return tile;
    }

    [Fact]
    public async Task A_tile_whose_samples_stop_counts_the_seconds_without_data_and_goes_live_when_they_return()
    {
        var machine = new ScriptedMachine(processes: 5);
        var (_, serverId) = await DemoAgent("tile-stall-1", machine);
        var tile = await LiveTile(serverId);
        var status = tile.Locator("[data-test=tile-status]");

        machine.Silent = true;

        await Expect(tile).ToHaveAttributeAsync("data-status", "stalled", new() { Timeout = Live });
        await Expect(status).ToHaveTextAsync(new Regex(@"^no data for \d+ s$"));
        // The count goes on: 3 s is when the tile is said stalled, so 5 s or more is the clock moving.
        await Expect(status).ToHaveTextAsync(new Regex(@"^no data for ([5-9]|\d\d+) s$"), new() { Timeout = Live });

        machine.Silent = false;

        await Expect(status).ToHaveTextAsync("live", new() { Timeout = Live });
        await Expect(tile).ToHaveAttributeAsync("data-status", "live");
    }

    [Fact]
    public async Task A_tile_whose_agent_disconnects_says_agent_offline()
    {
        var (agent, serverId) = await DemoAgent("tile-offline-1", new ScriptedMachine(processes: 5));
        var tile = await LiveTile(serverId);

        await agent.DisposeAsync();

        await Expect(tile.Locator("[data-test=tile-status]")).ToHaveTextAsync("agent offline", new() { Timeout = Live });
        await Expect(tile).ToHaveAttributeAsync("data-status", "offline");
    }
}

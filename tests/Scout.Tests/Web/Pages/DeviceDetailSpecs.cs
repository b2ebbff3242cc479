using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>The server page lists each network interface and each disk with its own rates, as the terminal top does.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DeviceDetailSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private async Task<IPage> ServerPage(string hostname)
    {
        var (_, serverId) = await DemoAgent(hostname, new ScriptedMachine());
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, $"/servers/{serverId}");
        return page;
    }

    private static ILocator Cell(IPage page, string row, int column) => page.Locator($"{row} td:nth-child({column})");

    [Fact]
    public async Task Live_each_interface_but_the_loopback_and_each_disk_has_a_row_with_its_own_rates()
    {
        var page = await ServerPage("devices-1");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");

        var interfaces = page.Locator("[data-test=interfaces] tbody tr");
        await Expect(interfaces).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-test=interfaces] tr[data-interface=lo]")).ToHaveCountAsync(0);
        const string eth0 = "[data-test=interfaces] tr[data-interface=eth0]";
        await Expect(Cell(page, eth0, 2)).ToHaveTextAsync("1.5 MiB/s");
        await Expect(Cell(page, eth0, 3)).ToHaveTextAsync("256 KiB/s");
        await Expect(Cell(page, eth0, 4)).ToHaveTextAsync("1200/s");
        await Expect(Cell(page, eth0, 7)).ToHaveTextAsync("1.0/s");
        await Expect(Cell(page, "[data-test=interfaces] tr[data-interface=wlan0]", 2)).ToHaveTextAsync("2.0 KiB/s");

        await Expect(page.Locator("[data-test=disks] tbody tr")).ToHaveCountAsync(2);
        const string sda = "[data-test=disks] tr[data-disk=sda]";
        await Expect(Cell(page, sda, 2)).ToHaveTextAsync("4.0 MiB/s");
        await Expect(Cell(page, sda, 3)).ToHaveTextAsync("1.0 MiB/s");
        await Expect(Cell(page, sda, 6)).ToHaveTextAsync("12.5 %");
        await Expect(Cell(page, "[data-test=disks] tr[data-disk=nvme0n1]", 3)).ToHaveTextAsync("512 KiB/s");
        await Expect(page.Locator("[data-test=panel-note-interfaces]")).ToBeHiddenAsync();
        await ChromiumFixture.Screenshot(page, nameof(Live_each_interface_but_the_loopback_and_each_disk_has_a_row_with_its_own_rates));
    }

    [Fact]
    public async Task In_history_the_interface_and_disk_panels_say_they_are_live_only()
    {
        var page = await ServerPage("devices-history-1");

        await Expect(page.Locator("[data-test=panel-note-interfaces]")).ToContainTextAsync("live only");
        await Expect(page.Locator("[data-test=panel-note-disks]")).ToContainTextAsync("live only");
        await Expect(page.Locator("[data-test=interfaces] tbody tr")).ToHaveCountAsync(0);
    }
}

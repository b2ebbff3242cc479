using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>Light and dark follow the system until the theme button chooses one, which outlives a reload; every page has an icon.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ThemeSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private const string Dark = "rgb(15, 20, 25)";
    private const string Light = "rgb(246, 248, 250)";

    private static Task<string> Background(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private async Task<IPage> LoggedIn(string path)
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await BrowserSteps.OpenAsDemo(page, path);
        // Logged in once the node served the path itself: its exact path (a glob "**/" is also any URL ending in a
        // slash), and committed is enough (each spec goes on to navigate; waiting for "load" under a busy CI
        // machine timed out once while the page's requests were still on their way).
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    [Fact]
    public async Task The_pages_follow_the_systems_color_scheme()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/login");
        Assert.Equal(Dark, await Background(page));

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        Assert.Equal(Light, await Background(page));
        await ChromiumFixture.Screenshot(page, "Login_in_the_light_theme");
    }

    [Fact]
    public async Task The_theme_button_overrides_the_system_and_is_remembered_over_a_reload()
    {
        var page = await LoggedIn("/servers/new");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        Assert.Equal(Light, await Background(page));
        var toggle = page.Locator("[data-test=theme-toggle]");
        await Expect(toggle).ToHaveTextAsync("Dark theme");

        await toggle.ClickAsync();
        Assert.Equal(Dark, await Background(page));
        await Expect(toggle).ToHaveTextAsync("Light theme");

        await page.ReloadAsync();
        Assert.Equal(Dark, await Background(page));
        // Another page of the node, still under a light system: the choice holds there too.
        await page.GotoAsync("/account/keys");
        Assert.Equal(Dark, await Background(page));
        await Expect(page.Locator("[data-test=theme-toggle]")).ToHaveTextAsync("Light theme");
    }

    [Fact]
    public async Task No_page_asks_for_anything_that_is_not_there_and_each_has_an_icon()
    {
        var (_, serverId) = await DemoAgent("theme-pages-1");
        var page = await LoggedIn("/");
        var missing = new List<string>();
        page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        foreach (var path in new[] { "/", $"/servers/{serverId}", $"/wall?servers={serverId}", "/servers/new", "/account/keys", "/login", "/signup" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
            Assert.Equal("/favicon.svg", icon);
            if (path.StartsWith("/servers/" + serverId, StringComparison.Ordinal))
                await ChromiumFixture.Screenshot(page, "Server_page_in_the_light_theme");
        }
        var favicon = await page.APIRequest.GetAsync("/favicon.svg");

        Assert.Empty(missing);
        Assert.Equal(200, favicon.Status);
        Assert.StartsWith("image/svg+xml", favicon.Headers["content-type"]);
    }
}

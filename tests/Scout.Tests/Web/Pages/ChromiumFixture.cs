using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// One Debian Chromium for every browser test (starting it costs seconds on this machine). Playwright
/// drives the system's /usr/bin/chromium and never downloads a browser of its own.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh context (own cookies) and page, sized like a laptop screen.</summary>
    public async Task<IPage> NewPage(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout((float)Support.Eventually.Scaled(TimeSpan.FromSeconds(15)).TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>Saves the page under TestResults/screenshots/&lt;test&gt;.png next to the test assembly.</summary>
    public static async Task<string> Screenshot(IPage page, string test)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, test + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}

using System.Globalization;
using Microsoft.Playwright;

namespace Scout.Bench.Commands;

/// <summary>
/// Screenshots of every page, in the light and the dark theme, at a laptop's and a small window's width, against a
/// running node with at least one online server (the single-node system's embedded agent is enough): what
/// docs/ui.md shows, taken again after a change to the pages so a person can look at each one. Not a measurement;
/// it lives here because the bench is the tools project that drives Chromium.
/// </summary>
public sealed class ScreenshotsCommand : IBenchCommand
{
    public string Name => "screenshots";

    public string Usage => "--url U --password P [--email E] [--out docs/ui] [--widths 1400,800] [--live-seconds 20]   every page in both themes, as PNG files";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var options = BrowserCommand.Options(args);
        string Get(string name, string? fallback = null) =>
            options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
        var url = new Uri(Get("url", "http://127.0.0.1:5080"));
        var email = Get("email", "demo@localhost");
        var password = Get("password");
        var output = Directory.CreateDirectory(Get("out", Path.Combine(Repo.Root(), "docs", "ui"))).FullName;
        var widths = Get("widths", "1400,800").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
        var liveFor = TimeSpan.FromSeconds(double.Parse(Get("live-seconds", "20"), CultureInfo.InvariantCulture));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
        });
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        foreach (var width in widths)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = url.ToString(), ViewportSize = new() { Width = width, Height = 900 }, ColorScheme = theme,
            });
            var page = await context.NewPageAsync();
            var suffix = $"{theme.ToString().ToLowerInvariant()}-{width}";
            async Task Shot(string name)
            {
                var file = Path.Combine(output, $"{name}-{suffix}.png");
                // Charts below the window wait to be drawn until they are scrolled into view (charts.js): the window
                // is made as tall as the page first, and given a moment (a live sample a second) to draw them.
                var height = await page.EvaluateAsync<int>("document.documentElement.scrollHeight");
                await page.SetViewportSizeAsync(width, Math.Max(900, height));
                await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
                await page.ScreenshotAsync(new() { Path = file, FullPage = true, Type = ScreenshotType.Png });
                await page.SetViewportSizeAsync(width, 900);
                stdout.WriteLine(Path.GetRelativePath(Repo.Root(), file));
            }

            await page.GotoAsync("/signup");
            await Shot("signup");
            await page.GotoAsync("/login");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync("not-the-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await page.Locator("[role=alert]").WaitForAsync();
            await Shot("login-refused");
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await page.WaitForURLAsync(url.ToString());

            var id = await page.EvaluateAsync<string?>("async () => (await (await fetch('/api/servers')).json()).find(s => s.online)?.id");
            if (id is null)
                throw new InvalidOperationException("no server of this user is online: start the node with its embedded agent or an agent");
            await page.Locator("[data-test=server-row]").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Shot("servers");
            await page.GotoAsync("/servers/new");
            await Shot("add-server");
            await page.GotoAsync("/account/keys");
            await page.Locator("[data-test=key-row]").First.WaitForAsync();
            await Shot("keys");
            await page.GotoAsync($"/servers/{id}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Shot("server-history");
            await page.Locator("[data-test=realtime-toggle]").ClickAsync();
            await page.Locator("[data-test=realtime-status]").GetByText("live").WaitForAsync(new() { Timeout = 60_000 });
            await Task.Delay(liveFor, ct); // a screenshot of a live chart wants some seconds of it
            await Shot("server-live");
            await page.GotoAsync($"/wall?servers={id}");
            await page.Locator("[data-test=wall-tile]").First.WaitForAsync();
            await Task.Delay(liveFor, ct);
            await Shot("wall");
            await page.GotoAsync("/servers/not-a-server");
            await Shot("not-found");
            await context.CloseAsync();
        }
        return 0;
    }
}

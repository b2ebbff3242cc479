using Microsoft.Playwright;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.Pages;

/// <summary>What a person does on the pages, as steps the browser specs share.</summary>
public static class BrowserSteps
{
    public const string DemoEmail = "demo@localhost";

    /// <summary>Fills the login form the node served after redirecting <paramref name="page"/> there.</summary>
    public static async Task LogIn(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>Goes to <paramref name="path"/>, which sends an unauthenticated page to the login form, and logs in as the demo user.</summary>
    public static async Task OpenAsDemo(IPage page, string path)
    {
        await page.GotoAsync(path);
        await LogIn(page, DemoEmail, Web.ScoutNodeFactory.DemoPassword);
    }

    public static ILocator Status(IPage page) => page.Locator("[data-test=realtime-status]");

    public static async Task<long?> LastSample(IPage page)
    {
        var value = await Status(page).GetAttributeAsync("data-last-sample");
        return long.TryParse(value, out var t) ? t : null;
    }

    /// <summary>Watches data-last-sample until it took <paramref name="count"/> new values, or fails after <paramref name="within"/>.</summary>
    public static async Task<List<long>> SampleTimesAdvance(IPage page, int count, TimeSpan within)
    {
        var seen = new List<long>();
        var start = await LastSample(page);
        var deadline = DateTime.UtcNow + within;
        while (seen.Count < count && DateTime.UtcNow < deadline)
        {
            var previous = seen.Count > 0 ? seen[^1] : start;
            // Resolves as soon as the page shows a newer sample; the timeout only bounds the wait.
            var remaining = Math.Max(1, (deadline - DateTime.UtcNow).TotalMilliseconds);
            try
            {
                await page.WaitForFunctionAsync(
                    "prev => { const v = document.querySelector('[data-test=realtime-status]').dataset.lastSample; return v && Number(v) > (prev ?? 0); }",
                    previous, new PageWaitForFunctionOptions { Timeout = (float)remaining, PollingInterval = 50 });
            }
            catch (TimeoutException)
            {
                break;
            }
            seen.Add((await LastSample(page))!.Value);
        }
        Assert.True(seen.Count >= count, $"data-last-sample advanced {seen.Count} times in {within.TotalSeconds} s, expected {count}");
        return seen;
    }

    public static Task StatusReads(IPage page, string text) =>
        Assertions.Expect(Status(page)).ToContainTextAsync(text, new() { Timeout = (float)Eventually.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds });
}

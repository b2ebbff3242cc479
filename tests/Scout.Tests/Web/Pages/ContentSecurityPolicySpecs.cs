using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// Every page works under the node's Content-Security-Policy: Chromium reports no violation on any of them while
/// they load, log in, stream and draw. The policy is live (a style attribute added by hand is reported), so a
/// clean report means the pages need nothing but the node's own files.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ContentSecurityPolicySpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    // Runs before any page script, outside the policy (an init script), and survives navigations.
    private const string CollectViolations = """
        window.__csp = [];
        document.addEventListener("securitypolicyviolation",
          e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task No_page_reports_a_policy_violation()
    {
        var (_, serverId) = await DemoAgent("csp-host");
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Node.Address.ToString() });
        Keep(context);
        await context.AddInitScriptAsync(CollectViolations);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy"))
                console.Add(m.Text);
        };
        var reports = new Dictionary<string, string[]>();
        async Task Record(string name) => reports[name] = await page.EvaluateAsync<string[]>("() => window.__csp");

        await page.GotoAsync("/signup");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign up" })).ToBeVisibleAsync();
        await Record("signup");
        await page.GotoAsync("/");
        await Record("login");
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        await Expect(page.Locator($"tr[data-server-id='{serverId}'] [data-test=server-state]")).ToHaveTextAsync("online");
        await Record("servers");
        await page.GotoAsync($"/servers/{serverId}");
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await BrowserSteps.SampleTimesAdvance(page, 2, TimeSpan.FromSeconds(10));
        await Record("server");
        await page.GotoAsync($"/wall?servers={serverId}");
        await Expect(page.Locator("[data-test=tile-status]")).ToHaveTextAsync("live");
        await Record("wall");
        await page.GotoAsync("/servers/no-such-server");
        await Expect(page.Locator("[data-test=not-found]")).ToBeVisibleAsync();
        await Record("not-found");
        // The control: an inline style is refused and reported, so the listener above hears violations.
        await page.EvaluateAsync("() => { const d = document.createElement('div'); d.setAttribute('style', 'color: red'); document.body.append(d); }");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");

        Assert.All(reports, r => Assert.True(r.Value.Length == 0, $"{r.Key}: {string.Join("; ", r.Value)}"));
        Assert.DoesNotContain(console, c => !c.Contains("style-src"));
    }
}

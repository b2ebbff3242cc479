using Microsoft.Playwright;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.Pages;

/// <summary>
/// The node goes away under a live page and comes back on the same port with the same database: the
/// page reconnects by itself, starts realtime again and is live without anyone touching it.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class RestartSpecs(ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "scout-tests", "restart-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = BuiltPrograms.FreePort();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
            await d.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }


    // A short shutdown: connections that reach the stopping node must not hold it up for the default 30 s.
    private ScoutNodeFactory Node() => new(RealtimeNode.Settings(("shutdownTimeoutSeconds", "3")), _port, _dataFolder);

    [Fact]
    public async Task A_live_page_is_live_again_by_itself_after_the_node_restarts()
    {
        var first = Node();
        var account = await first.DemoAccountId();
        var key = await first.NewAgentKey(account);
        var agent = await first.StartAgent(key, "pages-restart-1");
        _cleanup.Add(agent);
        var serverId = await first.OnlineServerId(account, "pages-restart-1");
        var page = await chromium.NewPage(first.Address);
        _cleanup.Add(page.Context);
        // The page's own log (SignalR's reconnect attempts) in the test output, for when this fails in CI.
        page.Console += (_, m) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {m.Text}");
        await page.GotoAsync($"/servers/{serverId}");
        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, ScoutNodeFactory.DemoPassword);
        await page.Locator("[data-test=realtime-toggle]").ClickAsync();
        await BrowserSteps.StatusReads(page, "live");
        await BrowserSteps.SampleTimesAdvance(page, 1, Eventually.Scaled(TimeSpan.FromSeconds(5)));

        await first.DisposeAsync();
        await BrowserSteps.StatusReads(page, "reconnecting");
        var beforeRestart = await BrowserSteps.LastSample(page);
        var second = Node();
        _cleanup.Add(second);
        second.Start();

        // Same database, so the same server id; same cookie keys, so the same login.
        await BrowserSteps.StatusReads(page, "live");
        var after = await BrowserSteps.SampleTimesAdvance(page, 2, Eventually.Scaled(TimeSpan.FromSeconds(60)));
        Assert.True(after[0] > beforeRestart);
        await ChromiumFixture.Screenshot(page, nameof(A_live_page_is_live_again_by_itself_after_the_node_restarts));
    }
}

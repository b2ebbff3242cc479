using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;

namespace Scout.Bench.Commands;

/// <summary>
/// Chromium's cost of a live page over time, against a running node (<c>dotnet run --project src/Scout.Web</c>):
/// the renderer's main-thread busy time (CDP Performance.TaskDuration) as a share of wall time, the JS heap
/// after a forced GC, and the page's own render timing (window.scoutRenderStats). <c>server</c> watches the
/// first online server's page live; <c>wall</c> starts N real agents in this process and opens a wall of them.
/// </summary>
public sealed class BrowserCommand : IBenchCommand
{
    public string Name => "browser";

    public string Usage => "server|wall --url U --email E --password P [--key K (wall)] [--servers 50] [--minutes 10] [--every 60] [--profile FILE.cpuprofile] [--viewport 1920x1080]   Chromium CPU, heap and render time of a live page";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var mode = args.FirstOrDefault();
        var options = Options(args.Skip(1).ToArray());
        string Get(string name, string? fallback = null) =>
            options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
        if (mode is not ("server" or "wall"))
        {
            Console.Error.WriteLine("usage: scout-bench browser " + Usage);
            return 2;
        }
        var url = new Uri(Get("url", "http://127.0.0.1:5080"));
        var minutes = double.Parse(Get("minutes", "10"), CultureInfo.InvariantCulture);
        var every = TimeSpan.FromSeconds(double.Parse(Get("every", "60"), CultureInfo.InvariantCulture));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--js-flags=--expose-gc"],
        });
        // A tall viewport (e.g. 1920x2400) puts the whole server page on screen: nothing is skipped as off screen.
        var viewport = Get("viewport", "1920x1080").Split('x');
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url.ToString(),
            ViewportSize = new() { Width = int.Parse(viewport[0], CultureInfo.InvariantCulture), Height = int.Parse(viewport[1], CultureInfo.InvariantCulture) },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?returnUrl=/");
        await page.GetByLabel("Email").FillAsync(Get("email", "demo@localhost"));
        await page.GetByLabel("Password").FillAsync(Get("password"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url.ToString());

        var agents = new List<AgentHost>();
        try
        {
            if (mode == "server")
            {
                var id = await page.EvaluateAsync<string>("async () => (await (await fetch('/api/servers')).json()).find(s => s.online && !s.hostname.startsWith('bench-wall-')).id");
                await page.GotoAsync($"/servers/{id}");
                await page.Locator("[data-test=realtime-toggle]").ClickAsync();
                await page.Locator("[data-test=realtime-status]").GetByText("live").WaitForAsync(new() { Timeout = 60_000 });
            }
            else
            {
                var count = int.Parse(Get("servers", "50"), CultureInfo.InvariantCulture);
                var key = Get("key");
                var names = Enumerable.Range(1, count).Select(i => $"bench-wall-{i:D2}").ToList();
                foreach (var name in names)
                    agents.Add(await AgentHost.StartAsync(new AgentOptions { Servers = [url], Key = key, Hostname = name }, new ProcMetricsSource()));
                string[] ids = [];
                for (var tries = 0; tries < 120 && ids.Length < count; tries++)
                {
                    ids = await page.EvaluateAsync<string[]>(
                        "async names => (await (await fetch('/api/servers')).json()).filter(s => s.online && names.includes(s.hostname)).map(s => s.id)", names);
                    if (ids.Length < count)
                        await Task.Delay(1000, ct);
                }
                await page.GotoAsync($"/wall?servers={string.Join(',', ids)}");
                stdout.WriteLine($"wall of {ids.Length} servers");
            }

            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");
            // A sampling CPU profile of the page over the whole run (open it in Chromium's DevTools, or sum
            // self time per function), to see where a redraw's time goes.
            var profile = options.GetValueOrDefault("profile");
            if (profile is not null)
            {
                await cdp.SendAsync("Profiler.enable");
                await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
                await cdp.SendAsync("Profiler.start");
            }
            stdout.WriteLine("minute\tcpu %\theap MiB\trenders\trender avg ms\trender max ms\tstatus");
            var (lastTask, lastTime) = await TaskDuration(cdp);
            await page.EvaluateAsync("() => Object.assign(window.scoutRenderStats, { count: 0, totalMs: 0, maxMs: 0 })");
            var started = DateTime.UtcNow;
            var end = started + TimeSpan.FromMinutes(minutes);
            while (DateTime.UtcNow < end && !ct.IsCancellationRequested)
            {
                await Task.Delay(every, ct);
                var (task, time) = await TaskDuration(cdp);
                var render = await page.EvaluateAsync<JsonElement>(
                    "() => { const s = { ...window.scoutRenderStats }; Object.assign(window.scoutRenderStats, { count: 0, totalMs: 0, maxMs: 0 }); return s; }");
                await page.EvaluateAsync("() => window.gc && window.gc()");
                var heap = await Metric(cdp, "JSHeapUsedSize");
                var renders = render.GetProperty("count").GetInt32();
                var shown = await page.EvaluateAsync<string>(
                    "() => { const e = document.querySelector('[data-test=realtime-status]') ?? document.querySelector('[data-test=wall-status]'); return e.textContent + ' ' + (e.dataset.lastSample ?? ''); }");
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(DateTime.UtcNow - started).TotalMinutes:F1}\t{100 * (task - lastTask) / (time - lastTime):F1}\t{heap / 1048576:F1}\t{renders}\t{(renders == 0 ? 0 : render.GetProperty("totalMs").GetDouble() / renders):F2}\t{render.GetProperty("maxMs").GetDouble():F1}\t{shown}"));
                (lastTask, lastTime) = (task, time);
            }
            if (profile is not null)
            {
                var stopped = await cdp.SendAsync("Profiler.stop");
                await File.WriteAllTextAsync(profile, stopped!.Value.GetProperty("profile").GetRawText(), ct);
                stdout.WriteLine($"profile written to {profile}");
            }
        }
        finally
        {
            foreach (var agent in agents)
                await agent.DisposeAsync();
        }
        return 0;
    }

    private static async Task<(double Task, double Time)> TaskDuration(ICDPSession cdp) =>
        (await Metric(cdp, "TaskDuration"), DateTime.UtcNow.Subtract(DateTime.UnixEpoch).TotalSeconds);

    private static async Task<double> Metric(ICDPSession cdp, string name)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        foreach (var m in result!.Value.GetProperty("metrics").EnumerateArray())
            if (m.GetProperty("name").GetString() == name)
                return m.GetProperty("value").GetDouble();
        return double.NaN;
    }

    internal static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        return options;
    }
}

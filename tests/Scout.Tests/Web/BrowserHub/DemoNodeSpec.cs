using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Support;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>
/// Base of end-to-end specs on one real node with the seeded demo account: what a test starts (agents,
/// browsers, pages) is kept and disposed in reverse order, then the node.
/// </summary>
public abstract class DemoNodeSpec(Dictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    /// <summary>The node, with <see cref="RealtimeNode.Settings"/> unless a spec passes its own.</summary>
    protected ScoutNodeFactory Node { get; } = new(settings ?? RealtimeNode.Settings());

    protected string DemoAccount { get; private set; } = "";

    public async Task InitializeAsync() => DemoAccount = await Node.DemoAccountId();

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
            await d.DisposeAsync();
        await Node.DisposeAsync();
    }

    protected T Keep<T>(T item) where T : IAsyncDisposable
    {
        _cleanup.Add(item);
        return item;
    }

    protected async Task<T> Keep<T>(Task<T> create) where T : IAsyncDisposable => Keep(await create);

    /// <summary>A real agent of the demo account, online on the node; it reads this machine unless given another <paramref name="source"/>.</summary>
    protected async Task<(AgentHost Agent, string ServerId)> DemoAgent(string hostname, IMetricsSource? source = null)
    {
        var agent = await Keep(Node.StartAgent(await Node.NewAgentKey(DemoAccount), hostname, source));
        return (agent, await Node.OnlineServerId(DemoAccount, hostname));
    }

    /// <summary>
    /// A real agent of the demo account that sends its minute report every second (through its spool and the agent
    /// hub into the node's database); returns once <paramref name="points"/> CPU points of the last hour are stored.
    /// </summary>
    protected async Task<(AgentHost Agent, string ServerId)> ReportingAgent(string hostname, int points)
    {
        var key = await Node.NewAgentKey(DemoAccount);
        var agent = Keep(await AgentHost.StartAsync(new AgentOptions
        {
            Servers = [Node.Address],
            Key = key,
            Hostname = hostname,
            Buffer = new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250)),
            // Inside the node's data folder, which goes with the node.
            Report = new ReportSettings(true, TimeSpan.FromSeconds(1), Path.Combine(Node.DataFolder, "spool-" + hostname), TimeSpan.FromDays(1), TimeSpan.FromMilliseconds(300)),
        }, new ProcMetricsSource()));
        var serverId = await Node.OnlineServerId(DemoAccount, hostname);
        await Eventually.Holds(async () =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var stored = await Node.Service<ReportStore>().QueryAsync(
                serverId, now - 3_600_000, now, HistoryEndpoints.BucketFor(now - 3_600_000, now), [HistorySeries.Named("cpu.total")!]);
            Assert.True(stored["cpu.total"].Count >= points, $"{stored["cpu.total"].Count} CPU points stored, waiting for {points}");
        }, TimeSpan.FromSeconds(30));
        return (agent, serverId);
    }
}

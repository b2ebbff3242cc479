using Scout.Agent.Hosting;
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

    /// <summary>A real agent of the demo account, online on the node.</summary>
    protected async Task<(AgentHost Agent, string ServerId)> DemoAgent(string hostname)
    {
        var agent = await Keep(Node.StartAgent(await Node.NewAgentKey(DemoAccount), hostname));
        return (agent, await Node.OnlineServerId(DemoAccount, hostname));
    }
}

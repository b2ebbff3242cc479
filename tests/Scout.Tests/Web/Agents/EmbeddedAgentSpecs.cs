using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.Agents;

/// <summary>The node as `dotnet run` starts it: with its own agent, so the demo account sees this machine live.</summary>
public sealed class EmbeddedAgentSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings(("Scout:EmbeddedAgent:Enabled", "true")));
    private Browser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task The_node_shows_its_own_machine_online_and_streams_it()
    {
        var account = await _node.DemoAccountId();

        var serverId = await _node.OnlineServerId(account, Environment.MachineName);
        _browser = await _node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        await _browser.StartRealtime(serverId);
        var samples = await _browser.NextSamples(2, within: TimeSpan.FromSeconds(15));

        Assert.All(samples, s => Assert.Equal(serverId, s.ServerId));
        Assert.True(samples[0].Time < samples[1].Time);
        Assert.NotEmpty(samples[1].Cpu.Cores);
    }
}

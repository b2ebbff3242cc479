using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Scout.Actors.AgentWire;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Agents;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.Agents;

/// <summary>Idle agents are pinged less often than SignalR's default, and the two sides' limits fit each other.</summary>
public sealed class AgentHubKeepAliveSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void The_agent_hub_uses_the_agent_keep_alive_settings_and_the_browser_hub_keeps_the_defaults()
    {
        var agentHub = _node.Service<IOptions<HubOptions<AgentHub>>>().Value;
        var browserHub = _node.Service<IOptions<HubOptions<MetricsHub>>>().Value;
        var global = _node.Service<IOptions<HubOptions>>().Value; // what a hub without its own setting uses

        Assert.Equal(AgentHubMethods.NodeKeepAlive, agentHub.KeepAliveInterval);
        Assert.Equal(AgentHubMethods.AgentSilenceLimit, agentHub.ClientTimeoutInterval);
        // The browser's JavaScript client pings every 15 s and waits 30 s: its hub must keep those defaults.
        Assert.Equal(TimeSpan.FromSeconds(15), browserHub.KeepAliveInterval ?? global.KeepAliveInterval);
        Assert.Null(browserHub.ClientTimeoutInterval ?? global.ClientTimeoutInterval); // not set: SignalR's own 30 s
    }

    [Fact]
    public void Each_side_waits_for_at_least_two_of_the_other_sides_pings_and_older_agents_still_hear_from_the_node()
    {
        Assert.True(AgentHubMethods.AgentSilenceLimit >= 2 * AgentHubMethods.AgentKeepAlive);
        Assert.True(AgentHubMethods.NodeSilenceLimit >= 2 * AgentHubMethods.NodeKeepAlive);
        // Agents built before these settings drop a node that is silent for 30 s (SignalR's default).
        Assert.True(AgentHubMethods.NodeKeepAlive <= TimeSpan.FromSeconds(20));
        // Load balancers commonly close connections idle for 60 s.
        Assert.True(AgentHubMethods.AgentKeepAlive < TimeSpan.FromSeconds(60));
    }
}

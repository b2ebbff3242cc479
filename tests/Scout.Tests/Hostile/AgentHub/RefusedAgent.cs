using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;
using Scout.Tests.Web;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>A hand-made agent connection that expects to be refused: what the node told it, and that it was closed.</summary>
public static class RefusedAgent
{
    /// <returns>The refusal, or null when the node welcomed the connection instead.</returns>
    public static async Task<AgentDirectives.Refused?> Connect(ScoutNodeFactory node, string key, string hostname)
    {
        var refused = new TaskCompletionSource<AgentDirectives.Refused?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Address, $"{AgentHubMethods.Path}?{AgentHubMethods.HostnameParameter}={Uri.EscapeDataString(hostname)}"),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        hub.On<AgentDirectives.Refused>(AgentHubMethods.Refused, r => refused.TrySetResult(r));
        hub.On<AgentDirectives.Welcome>(AgentHubMethods.Welcome, _ => refused.TrySetResult(null));
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        var answer = await refused.Task.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        // A refusal is followed by the node closing the connection; a welcome leaves it open.
        if (answer is not null)
            await closed.Task.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        return answer;
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AgentWire;

namespace Scout.Tests.Agent.Link;

/// <summary>What the test hub saw, shared across hub instances (and across restarts of the host).</summary>
internal sealed class HubRecorder
{
    public Channel<MetricsSample> Samples { get; } = Channel.CreateUnbounded<MetricsSample>();
    public Channel<MetricsSample[]> Backfills { get; } = Channel.CreateUnbounded<MetricsSample[]>();
    public Channel<MinuteReport> Reports { get; } = Channel.CreateUnbounded<MinuteReport>();
    /// <summary>Connection id and the hostname the agent gave, per connection.</summary>
    public Channel<(string ConnectionId, string? Hostname)> Connections { get; } = Channel.CreateUnbounded<(string, string?)>();
    public ConcurrentQueue<string> RefusedRequests { get; } = new();
    public string ServerId { get; init; } = "server-42";
}

/// <summary>A minimal agent hub: greets every agent with Welcome, records what the agent sends and acknowledges every report as stored.</summary>
internal sealed class TestAgentHub(HubRecorder recorder) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var hostname = Context.GetHttpContext()?.Request.Query[AgentHubMethods.HostnameParameter].ToString();
        await Clients.Caller.SendAsync(AgentHubMethods.Welcome, new AgentDirectives.Welcome(recorder.ServerId, "account-1", hostname ?? ""));
        recorder.Connections.Writer.TryWrite((Context.ConnectionId, hostname));
    }

    public Task Sample(MetricsSample sample)
    {
        recorder.Samples.Writer.TryWrite(sample);
        return Task.CompletedTask;
    }

    public Task Backfill(MetricsSample[] samples)
    {
        recorder.Backfills.Writer.TryWrite(samples);
        return Task.CompletedTask;
    }

    public ReportAck Report(MinuteReport report)
    {
        recorder.Reports.Writer.TryWrite(report);
        return new ReportAck(report.ReportId, ReportAck.Stored, null);
    }
}

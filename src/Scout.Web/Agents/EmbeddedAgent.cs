using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Seeding;

namespace Scout.Web.Agents;

/// <summary>
/// The node's own agent, so a newcomer sees a live server at once: the agent process's code, in this
/// process, connecting to this node's agent hub over loopback like any other agent. Off with
/// <c>Scout:EmbeddedAgent:Enabled=false</c>.
/// </summary>
public sealed class EmbeddedAgent(
    EmbeddedAgentKey key, AccountsSettings settings, IServer server, IHostApplicationLifetime lifetime, ILoggerFactory loggers, ILogger<EmbeddedAgent> log)
    : BackgroundService
{
    private AgentHost? _agent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var issued = await key.WaitAsync(stoppingToken);
        if (issued is null)
            return;
        // The hub is reachable only once Kestrel listens; its address is known only then (port 0 in tests).
        await WhenStarted(stoppingToken);
        var address = LoopbackAddress();
        if (address is null)
        {
            log.LogWarning("Embedded agent not started: the node listens on no http address");
            return;
        }
        _agent = await AgentHost.StartAsync(
            new AgentOptions
            {
                Servers = [address], Key = issued.Key, Hostname = Environment.MachineName,
                // Its unacknowledged reports live next to the node's database, like the node's other state.
                Report = new ReportSettings(true, TimeSpan.FromMinutes(1),
                    Path.Combine(Path.GetDirectoryName(settings.DatabasePath) ?? ".", "embedded-agent-spool"),
                    TimeSpan.FromDays(7), TimeSpan.FromSeconds(5)),
            },
            new ProcMetricsSource(), loggers);
        log.LogInformation("Embedded agent for {Hostname} reporting to {Address}", Environment.MachineName, address);
        var exit = await _agent.Exited.WaitAsync(stoppingToken);
        log.LogError("Embedded agent stopped: {Reason}", exit.Message);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_agent is not null)
            await _agent.DisposeAsync();
    }

    private Task WhenStarted(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    private Uri? LoopbackAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var http = addresses.Select(a => new Uri(a)).FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp)
                   ?? addresses.Select(a => new Uri(a)).FirstOrDefault();
        if (http is null)
            return null;
        // A node bound to every interface (0.0.0.0, [::], +) is reached over loopback by its own agent.
        var host = http.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : http.Host;
        return new UriBuilder(http) { Host = host }.Uri;
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;

namespace Scout.Web.Observability;

/// <summary>
/// Runs the readiness checks (the ones <c>/readyz</c> answers with) in the background and keeps the answer where a
/// request can read it for nothing (<see cref="IsReady"/>, for <see cref="ReadinessGate"/>). The first time the node
/// is ready it tells systemd so, when systemd started it as a <c>Type=notify</c> service (deploy/systemd): a start
/// or a restart then completes only once the node can serve, and units ordered after it wait for that.
/// </summary>
public sealed class ReadinessWatch(HealthCheckService health, ISystemdNotifier systemd, ILogger<ReadinessWatch> log) : BackgroundService
{
    /// <summary>Until ready, asked often: a starting node should take traffic as soon as it can.</summary>
    private static readonly TimeSpan WhileStarting = TimeSpan.FromMilliseconds(250);

    /// <summary>Once ready, a check every few seconds (one database round trip) notices a node that lost its cluster.</summary>
    private static readonly TimeSpan WhileReady = TimeSpan.FromSeconds(5);

    private volatile bool _ready;
    private int _toldSystemd;

    public bool IsReady => _ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Observe(await health.CheckHealthAsync(c => c.Tags.Contains(ReadinessHosting.ReadyTag), stoppingToken));
            try
            {
                await Task.Delay(_ready ? WhileReady : WhileStarting, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Takes a run of the readiness checks, its own or one <c>/readyz</c> just made: whoever was told "ready" by
    /// <c>/readyz</c> finds the gate open.
    /// </summary>
    public void Observe(HealthReport report)
    {
        var ready = report.Status == HealthStatus.Healthy;
        if (ready != _ready)
            log.LogInformation(ready ? "Ready: taking requests" : "Not ready ({Checks}): refusing requests with 503",
                string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key)));
        _ready = ready;
        if (ready && Interlocked.Exchange(ref _toldSystemd, 1) == 0 && systemd.IsEnabled)
            systemd.Notify(ServiceState.Ready);
    }
}

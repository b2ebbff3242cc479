using Scout.Web.Accounts.Storage;

namespace Scout.Web.History;

/// <summary>Deletes reports past the retention, at start and then every PruneEvery, in the background.</summary>
public sealed class RetentionPruner(ReportStore store, HistorySettings settings, TimeProvider clock, ILogger<RetentionPruner> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PruneEvery, clock);
        do
        {
            try
            {
                var cut = UnixTime.ToMs(clock.GetUtcNow() - settings.Retention);
                var deleted = await store.PruneAsync(cut, stoppingToken);
                if (deleted > 0)
                    log.LogInformation("Pruned {Count} reports older than {Retention}", deleted, settings.Retention);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A locked database now is no reason to stop pruning later.
                log.LogWarning("Pruning reports failed; trying again in {Every}: {Error}", settings.PruneEvery, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

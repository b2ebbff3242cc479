using System.Threading.Channels;
using Scout.Actors.AgentWire;

namespace Scout.Web.History;

/// <summary>
/// Collects reports from every agent connection and writes them in batches, one transaction per batch:
/// at ~167 reports/s a transaction each would spend the disk on commits. Each caller's task completes
/// only after its batch committed (or fails with the database's error), so an ack always follows a durable write.
/// </summary>
public sealed class ReportWriter(ReportStore store, HistorySettings settings, ILogger<ReportWriter> log) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private long _batchFailures;

    /// <summary>True when a row was added, false when the report was already stored.</summary>
    public Task<bool> WriteAsync(string serverId, MinuteReport report)
    {
        var pending = new Pending(serverId, report, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            pending.Done.SetException(new InvalidOperationException("the node is shutting down"));
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(settings.BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < settings.BatchSize && _queue.Reader.TryRead(out var next))
                    batch.Add(next);
                await WriteBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is still queued was never acknowledged, so the agents keep it.
        }
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
            left.Done.TrySetException(new InvalidOperationException("the node is shutting down"));
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            var inserted = await store.WriteAsync(batch.Select(p => (p.ServerId, p.Report)).ToArray(), ct);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(inserted[i]);
        }
        catch (Exception e)
        {
            // Locked or unavailable database: no ack for anyone in the batch; their agents keep the reports spooled.
            if (_batchFailures++ == 0 || _batchFailures % 100 == 0)
                log.LogWarning("Writing {Count} reports failed ({Failures} failed batches so far); not acknowledged: {Error}",
                    batch.Count, _batchFailures, e.Message);
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
    }

    private sealed record Pending(string ServerId, MinuteReport Report, TaskCompletionSource<bool> Done);
}

using Akka.Actor;
using Akka.Event;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Link;

/// <summary>
/// Sends the streamer's samples and the local buffer's backfill up, stamped with the server id from the
/// current connection's Welcome, without awaiting in the link's mailbox: a send that has not completed
/// at once reports back to the link as <see cref="Sent"/> or <see cref="SendFailed"/>, which it counts.
/// The connection is the link's current one, asked for at each send (the link moves between nodes).
/// </summary>
internal sealed class SampleSender(Func<AgentHubConnection> connection, SendCounts counts, IActorRef link, int backfillBatchSize, ILoggingAdapter log)
{
    /// <param name="serverId">Null until the server's Welcome: a sample without its id is useless to the server.</param>
    public void Sample(MetricsSample sample, string? serverId)
    {
        if (serverId is null)
        {
            counts.CountDroppedBeforeWelcome();
            return;
        }

        var send = connection().SendSample(sample with { ServerId = serverId });
        // A send usually completes at once (written to the connection's pipe): count it here rather than
        // pay a continuation and a message to the link once a second.
        if (send.IsCompletedSuccessfully)
            counts.CountSent();
        else
            ReportOutcome(send);
    }

    /// <param name="serverId">Null until the server's Welcome; the backfill is then dropped, uncounted.</param>
    public void Backfill(IReadOnlyList<MetricsSample> samples, string? serverId)
    {
        if (serverId is null || samples.Count == 0) return;
        var batches = BackfillBatches.Split(
            [.. samples.Select(s => s with { ServerId = serverId })], Math.Max(1, backfillBatchSize));
        log.Info("Sending a backfill of {0} samples in {1} messages", samples.Count, batches.Count);
        // Slices are sent oldest first; each sample carries its own time, so the server can order them regardless.
        foreach (var batch in batches)
            ReportOutcome(connection().SendBackfill(batch));
    }

    private void ReportOutcome(Task send) =>
        send.PipeTo(link, success: () => Sent.Instance, failure: error => new SendFailed(error));

    /// <summary>A send that did not complete at once went out.</summary>
    public sealed class Sent
    {
        public static readonly Sent Instance = new();
        private Sent() { }
    }

    /// <summary>A send failed (usually a connection closing under it).</summary>
    public sealed record SendFailed(Exception Error);
}

using Akka.Event;

namespace Scout.Agent.Link;

/// <summary>
/// What became of the samples and backfill the link sent up, for the link's status, and what of it is
/// logged. A failing connection fails every send until its close is noticed, and a line per sample
/// would flood the log: only the first failure and every 100th is a warning, the rest are counted
/// (visible in the status). The counts run over the agent's whole life, across connections and states,
/// public so that this policy can be tested on its own.
/// </summary>
public sealed class SendCounts(ILoggingAdapter log)
{
    public long Sent { get; private set; }

    public long Failures { get; private set; }

    /// <summary>Samples that came before the server's Welcome said which server this is.</summary>
    public long DroppedBeforeWelcome { get; private set; }

    public void CountSent() => Sent++;

    public void CountFailure(Exception error)
    {
        Failures++;
        if (Failures == 1 || Failures % 100 == 0)
            log.Warning("Sending to the server failed ({0} so far): {1}", Failures, error.Message);
    }

    public void CountDroppedBeforeWelcome()
    {
        // One line for the first; the status shows how many followed.
        if (DroppedBeforeWelcome++ == 0)
            log.Warning("Sample dropped: no Welcome from the server yet (further drops are counted)");
    }
}

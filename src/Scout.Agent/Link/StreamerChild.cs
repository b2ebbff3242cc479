using Akka.Actor;
using Akka.Event;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Scout.Agent.Streaming;

namespace Scout.Agent.Link;

/// <summary>
/// The link's one streamer child: made on the first StartStreaming, updated by the next ones, stopped on
/// StopStreaming or a lost connection, forgotten when it stops by itself (its lease ran out). Never two:
/// a second start only changes interval and lease.
/// Called only from the link's message handlers, since it makes, watches and stops children through
/// the link's context.
/// </summary>
internal sealed class StreamerChild(IActorContext link, IMetricsSource source, IActorRef? buffer, ILoggingAdapter log)
{
    private IActorRef? _streamer;
    private int _made;

    public bool Running => _streamer is not null;

    public void StartOrUpdate(AgentDirectives.StartStreaming start)
    {
        if (_streamer is null)
        {
            // A fresh name each time: the previous streamer may still be stopping under its own.
            _streamer = link.ActorOf(Streamer.Props(source, link.Self, buffer, start), $"streamer-{++_made}");
            link.Watch(_streamer);
        }
        else
        {
            _streamer.Tell(start, link.Self);
        }
    }

    /// <summary>
    /// Forgets the streamer at once rather than on its Terminated: a StartStreaming right behind this stop
    /// must start a new streamer, not go to the dying one's dead letters.
    /// </summary>
    public void Stop(string reason)
    {
        if (_streamer is null) return;
        log.Info("Stopping the stream: {0}", reason);
        link.Unwatch(_streamer);
        link.Stop(_streamer);
        _streamer = null;
    }

    /// <summary>The streamer stopped by itself (lease ran out): the next StartStreaming makes a new one.</summary>
    public void OnTerminated(IActorRef actor)
    {
        if (actor.Equals(_streamer)) _streamer = null;
    }
}

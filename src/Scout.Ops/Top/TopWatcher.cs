using System.Threading.Channels;
using Akka.Actor;

namespace Scout.Ops.Top;

/// <summary>
/// The console's subscriber (as a node's bridge is one): the session sends it WatchAccepted, DeliverSample, ServerStatus and
/// StreamEnded over remoting. It only hands them to the render loop, which owns the screen.
/// </summary>
public sealed class TopWatcher : ReceiveActor
{
    public TopWatcher(ChannelWriter<object> events)
    {
        ReceiveAny(message => events.TryWrite(message));
    }

    public static Props Props(ChannelWriter<object> events) => Akka.Actor.Props.Create(() => new TopWatcher(events));
}

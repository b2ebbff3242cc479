using System.Threading.Channels;
using Akka.Actor;
using Scout.Actors.Bridge;
using Scout.Actors.Ops;
using Scout.Actors.Sessions;

namespace Scout.Ops.Top;

/// <summary>
/// <c>top SERVER</c>: watches one server as a browser would, redraws every second until <c>q</c> (or the end
/// of input), then unwatches so the session can stop the stream.
/// </summary>
public static class TopCommand
{
    private static readonly TimeSpan RewatchAfter = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(OpsConnection connection, string server, OpsIo io)
    {
        var events = Channel.CreateUnbounded<object>();
        var watcher = connection.System.ActorOf(TopWatcher.Props(events.Writer), "top");
        // The answer comes back the way every other command's does, through the cluster client; only the
        // samples take the direct path to the watcher, whose first association can be gated for seconds on a
        // loaded machine (the re-watch below covers that).
        var first = await connection.AskAsync(new OpsProtocol.StartTop(server, watcher));
        switch (first)
        {
            case null:
                io.Error.WriteLine(connection.UnreachableMessage);
                return ExitCodes.Unreachable;
            case OpsProtocol.Refused or OpsProtocol.Failed or OpsProtocol.Unanswered:
                return OpsOutput.Write(first, false, io);
        }
        var target = (OpsProtocol.TopTarget)first;
        var view = new TopView(target.Hostname, target.ServerId);
        var quit = Task.Run(() => WaitForQuit(io));
        var lastWatch = DateTime.UtcNow;
        try
        {
            while (!quit.IsCompleted)
            {
                var tick = Task.Delay(TimeSpan.FromSeconds(1));
                // A watch can be lost with the first remote association (seen as an immediate disassociation on a
                // loaded machine); the session treats a repeated Watch as the same watcher, so ask again until data flows.
                if (view.SamplesSeen == 0 && DateTime.UtcNow - lastWatch > RewatchAfter)
                {
                    connection.Tell(new OpsProtocol.StartTop(target.ServerId, watcher), watcher);
                    lastWatch = DateTime.UtcNow;
                }
                // Drain everything that arrived, then draw once per second.
                while (events.Reader.TryRead(out var message))
                    view.Apply(message);
                view.Render(io.Out, io.IsTerminal);
                await Task.WhenAny(tick, quit);
            }
        }
        finally
        {
            connection.Tell(new OpsProtocol.StopTop(target.ServerId, target.AccountId, watcher), watcher);
            // Same sender, same node's service: once this answers, the node has handled the StopTop before it.
            await connection.AskAsync(new OpsProtocol.GetCluster());
        }
        io.Out.WriteLine($"stopped watching {target.Hostname}: {view.SamplesSeen} sample(s) received");
        return ExitCodes.Done;
    }

    private static void WaitForQuit(OpsIo io)
    {
        while (true)
        {
            var key = io.ReadKey();
            if (key is -1 or 'q' or 'Q')
                return;
        }
    }
}

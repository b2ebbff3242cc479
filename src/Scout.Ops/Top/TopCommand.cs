using System.Threading.Channels;
using Akka.Actor;
using Scout.Actors.OpsApi;

namespace Scout.Ops.Top;

/// <summary>
/// <c>top SERVER</c>: watches one server as a browser would, redraws every second until <c>q</c>, the end of
/// input, Ctrl+C or SIGTERM, then unwatches so the session can stop the stream.
/// </summary>
public static class TopCommand
{
    private static readonly TimeSpan RewatchAfter = TimeSpan.FromSeconds(3);

    /// <param name="interrupted">Ends the view like <c>q</c> (tests; the console's own Ctrl+C and SIGTERM are
    /// taken over here when <see cref="OpsIo.ListensForSignals"/>).</param>
    public static async Task<int> RunAsync(OpsConnection connection, string server, OpsIo io, CancellationToken interrupted = default)
    {
        using var signals = io.ListensForSignals ? Interrupts.Listen() : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted, signals?.Token ?? CancellationToken.None);
        var events = Channel.CreateUnbounded<object>();
        // Unnamed: the prompt may run top again on the same connection. The idle actor is left to the console's
        // system; StopTop is what ends the watch, at once, rather than a death watch noticed across remoting.
        var watcher = connection.System.ActorOf(TopWatcher.Props(events.Writer));
        return await WatchAsync(connection, server, io, watcher, events.Reader, stop.Token);
    }

    private static async Task<int> WatchAsync(OpsConnection connection, string server, OpsIo io, IActorRef watcher,
        ChannelReader<object> events, CancellationToken stop)
    {
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
        var quit = Task.Run(() => WaitForQuit(io, stop));
        var interrupted = Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        var lastWatch = DateTime.UtcNow;
        if (io.IsTerminal)
            TopView.EnterScreen(io.Out);
        try
        {
            while (!quit.IsCompleted && !stop.IsCancellationRequested)
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
                while (events.TryRead(out var message))
                    view.Apply(message);
                view.Render(io.Out, io.IsTerminal);
                await Task.WhenAny(tick, quit, interrupted);
            }
        }
        finally
        {
            // Before anything else can fail: the terminal back as it was, then the session told.
            if (io.IsTerminal)
                TopView.LeaveScreen(io.Out);
            connection.Tell(new OpsProtocol.StopTop(target.ServerId, target.AccountId, watcher), watcher);
            // Same sender, same node's service: once this answers, the node has handled the StopTop before it.
            await connection.AskAsync(new OpsProtocol.GetCluster());
        }
        io.Out.WriteLine($"stopped watching {target.Hostname}: {view.SamplesSeen} sample(s) received");
        return ExitCodes.Done;
    }

    private static void WaitForQuit(OpsIo io, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // On a terminal, read only a key that is there: after Ctrl+C a read still blocked here would take the
            // interactive prompt's next key.
            if (io.KeyAvailable is { } available && !available())
            {
                try
                {
                    stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
                }
                catch (ObjectDisposedException)
                {
                    return; // top has ended and let go of its token
                }
                continue;
            }
            var key = io.ReadKey();
            if (key is -1 or 'q' or 'Q')
                return;
        }
    }
}

using System.Runtime.InteropServices;

namespace Scout.Ops.Top;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM while <c>top</c> runs: instead of killing the process at once, which left the
/// session watching a console that was gone (lease renewed ~12 s until remoting noticed), they cancel
/// <see cref="Token"/> so top can unwatch and restore the terminal before it exits.
/// </summary>
public sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _signalled = new();
    private readonly PosixSignalRegistration[] _registrations;

    private Interrupts()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _signalled.Token;

    /// <summary>Takes over SIGINT and SIGTERM until disposed.</summary>
    public static Interrupts Listen() => new();

    private void Handle(PosixSignalContext context)
    {
        // The first signal: the runtime does not end the process itself; top ends once it has cleaned up.
        // A second one (cleanup waiting on a node that went silent) ends the process as usual.
        if (_signalled.IsCancellationRequested)
            return;
        context.Cancel = true;
        _signalled.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _signalled.Dispose();
    }
}

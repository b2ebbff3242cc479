using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>
/// Tells whether the mount table changed since the last ask. A held /proc/self/mounts reports POLLPRI
/// once after each change to the mount namespace (proc(5)), so a poll with no wait answers without the
/// kernel formatting the whole table, as reading it does: on a container host that is hundreds of lines
/// a second for a table that changes a few times a day.
/// </summary>
internal static class MountTableWatch
{
    private const short PollPriority = 0x002; // POLLPRI
    private const short PollError = 0x008; // POLLERR
    private const int Interrupted = 4; // EINTR

    /// <summary>
    /// True when the table changed since the previous call on this descriptor, or when poll cannot say
    /// (then the caller reads the table, as it would without the watch).
    /// </summary>
    public static bool Changed(HeldProcFile mounts)
    {
        var success = false;
        mounts.DangerousAddRef(ref success);
        try
        {
            var request = new PollFd { Fd = (int)mounts.DangerousGetHandle(), Events = PollPriority };
            int ready;
            do
            {
                ready = poll(ref request, 1, 0);
            }
            while (ready < 0 && Marshal.GetLastPInvokeError() == Interrupted);
            return ready != 0 && (ready < 0 || (request.Revents & (PollPriority | PollError)) != 0);
        }
        finally
        {
            if (success)
            {
                mounts.DangerousRelease();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int poll(ref PollFd fds, nuint count, int timeoutMs);
}

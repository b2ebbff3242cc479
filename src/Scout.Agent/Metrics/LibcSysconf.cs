using System.Runtime.InteropServices;

namespace Scout.Agent.Metrics;

/// <summary>sysconf(3) for the clock tick rate that /proc reports process times in.</summary>
public static class LibcSysconf
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux
    private const long LinuxDefaultClockTicks = 100;

    /// <summary>USER_HZ; 100 on every mainstream Linux build, used when sysconf cannot be called.</summary>
    public static long ClockTicksPerSecond()
    {
        if (!OperatingSystem.IsLinux())
        {
            return LinuxDefaultClockTicks;
        }
        try
        {
            var ticks = sysconf(ScClkTck);
            return ticks > 0 ? ticks : LinuxDefaultClockTicks;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return LinuxDefaultClockTicks;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long sysconf(int name);
}

using System.Diagnostics;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// Process CPU on this machine's own /proc, where files are held and single-threaded processes are read
/// through schedstat. Only lower bounds: the interval passed to the reader is fixed, the CPU time is
/// what the processes really used, however long a loaded machine took to give it to them.
/// </summary>
public sealed class RealProcessCpuSpecs
{
    private static ProcessReader RealReader() =>
        new("/proc", "/etc/passwd", int.MaxValue, LibcSysconf.ClockTicksPerSecond(), Environment.SystemPageSize);

    [Fact]
    public void A_busy_single_threaded_process_has_its_cpu_from_schedstat()
    {
        using var reader = RealReader();
        // sh waits for a line, counts to 200000 (a fraction of a second of one core), says so, and waits again.
        using var child = Process.Start(new ProcessStartInfo(
            "sh", ["-c", "read go; i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo done; read stop"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Contains(reader.Read(0), p => p.Pid == child.Id);
            Assert.True(reader.HoldsFiles);
            var before = child.TotalProcessorTime;
            child.StandardInput.WriteLine("go");
            Assert.Equal("done", child.StandardOutput.ReadLine());
            var used = child.TotalProcessorTime - before;

            var row = reader.Read(1).Single(p => p.Pid == child.Id);

            // Used CPU over a 1 s interval, in percent; a tick (10 ms) may not be charged yet.
            Assert.True(used > TimeSpan.FromMilliseconds(30), $"the loop used only {used}");
            Assert.InRange(row.CpuPercent!.Value, (used.TotalMilliseconds - 15) / 10, 200);
            Assert.Equal(1, row.Threads);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void A_process_whose_work_runs_off_its_main_thread_has_the_cpu_of_every_thread()
    {
        using var reader = RealReader();
        using var self = Process.GetCurrentProcess();
        reader.Read(0);
        var before = self.TotalProcessorTime;

        // This test process: its main thread waits while a worker spins for 300 ms of CPU. The main thread's
        // schedstat would show almost nothing; the process's stat shows the worker's time.
        var worker = new Thread(() =>
        {
            var start = self.TotalProcessorTime;
            while (RefreshedCpu(self) - start < TimeSpan.FromMilliseconds(300))
            {
            }
        });
        worker.Start();
        worker.Join();
        var used = RefreshedCpu(self) - before;

        var row = reader.Read(1).Single(p => p.Pid == Environment.ProcessId);

        Assert.True(row.Threads > 1);
        Assert.InRange(row.CpuPercent!.Value, 25, double.MaxValue);
        Assert.True(row.CpuPercent <= used.TotalMilliseconds / 10 + 50, "more than this process used");
    }

    private static TimeSpan RefreshedCpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}

using System.Diagnostics;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// Command line and user are read once per process and kept while pid, start time and name stay the
/// same; any of them changing, or <see cref="ProcessReader.DetailsRefreshReadings"/> readings passing in
/// which the process ran, reads them again. Kernel threads have none to read.
/// </summary>
public sealed class ProcessDetailsCacheSpecs
{
    private const string OriginalCommandStart = "/usr/bin/python3 -m worker";

    private static ProcessReader Reader(ProcFixture machine) => new(machine.Proc, machine.Passwd, 15, 100, 4096);

    private static ProcessStats App(IReadOnlyList<ProcessStats> processes) => processes.Single(p => p.Pid == 100);

    private const string AppComm = "my (weird) app";
    private const long AppStartTime = 900;

    private static string Stat(string comm, long startTime, long userTicks = 1000, long flags = 4194560, int pid = 100) =>
        $"{pid} ({comm}) S 1 {pid} {pid} 0 -1 {flags} 1000 0 10 0 {userTicks} 0 0 0 20 0 8 0 {startTime} 170000000 50000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0\n";

    private static string Status(int uid) => $"Name:\tx\nState:\tS (sleeping)\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nThreads:\t8\n";

    [Fact]
    public void A_reused_pid_shows_the_new_process_not_the_cached_name_command_or_user()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine);
        Assert.StartsWith(OriginalCommandStart, App(reader.Read(0)).Command);

        // pid 100 exited and a new process got the same pid: later start time, other program, other user.
        machine.Write("proc/100/stat", Stat("newcomer", startTime: 5000));
        machine.Write("proc/100/cmdline", "/opt/newcomer\0--serve\0");
        machine.Write("proc/100/status", Status(0));
        var app = App(reader.Read(1));

        Assert.Equal("newcomer", app.Name);
        Assert.Equal("/opt/newcomer --serve", app.Command);
        Assert.Equal("root", app.User);
    }

    [Fact]
    public void An_exec_in_the_same_process_reads_the_new_command_line()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine);
        reader.Read(0);

        // Same pid and start time, new program image: comm changes, so the cached command must not be shown.
        machine.Write("proc/100/stat", Stat("bash", startTime: 900));
        machine.Write("proc/100/cmdline", "/bin/bash\0-c\0true\0");
        var app = App(reader.Read(1));

        Assert.Equal("bash", app.Name);
        Assert.Equal("/bin/bash -c true", app.Command);
    }

    [Fact]
    public void An_unchanged_process_keeps_its_command_line_without_reading_it_again()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine);
        reader.Read(0);

        // Only the cmdline file changes (no exec): the cached one is shown, proving the file was not read.
        machine.Write("proc/100/cmdline", "rewritten title\0");

        Assert.StartsWith(OriginalCommandStart, App(reader.Read(1)).Command);
    }

    [Fact]
    public void A_rewritten_command_line_or_user_appears_after_the_refresh_interval_when_the_process_ran()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine);
        reader.Read(0);
        machine.Write("proc/100/cmdline", "postgres: alice db idle\0");
        machine.Write("proc/100/status", Status(0));

        ProcessStats app = App(reader.Read(1));
        for (var i = 1; i < ProcessReader.DetailsRefreshReadings; i++)
        {
            // It keeps running (its CPU ticks grow), so its title and user may have changed.
            machine.Write("proc/100/stat", Stat(AppComm, AppStartTime, userTicks: 1000 + 10 * i));
            app = App(reader.Read(1));
        }

        Assert.Equal("postgres: alice db idle", app.Command);
        Assert.Equal("root", app.User);
    }

    [Fact]
    public void A_process_that_has_not_run_keeps_its_details_past_the_refresh_interval()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine);
        reader.Read(0);
        // Only a running process can rewrite its title: with its CPU unchanged the file is not read again.
        machine.Write("proc/100/cmdline", "rewritten without running\0");

        ProcessStats app = App(reader.Read(1));
        for (var i = 0; i < 2 * ProcessReader.DetailsRefreshReadings; i++)
        {
            app = App(reader.Read(1));
        }

        Assert.StartsWith(OriginalCommandStart, app.Command);
    }

    [Fact]
    public void A_kernel_thread_shows_as_its_bracketed_name_and_root_without_reading_its_files()
    {
        using var machine = new ProcFixture("typical");
        // PF_KTHREAD set; no cmdline or status to read, as if they could not be opened.
        machine.Write("proc/2/stat", Stat("kworker/0:1-events", 2, userTicks: 50, flags: 0x208040, pid: 2));
        machine.Delete("proc/2/cmdline");
        machine.Delete("proc/2/status");
        var reader = new ProcessReader(machine.Proc, machine.Passwd, int.MaxValue, 100, 4096);

        var kworker = reader.Read(0).Single(p => p.Pid == 2);

        Assert.Equal("[kworker/0:1-events]", kworker.Command);
        Assert.Equal("root", kworker.User);
    }

    [Fact]
    public void Fixture_trees_are_read_with_open_and_close_and_a_real_procfs_with_held_files()
    {
        using var machine = new ProcFixture("typical");
        using var fixtureReader = Reader(machine);
        using var realReader = new ProcessReader("/proc", "/etc/passwd", 15, 100, Environment.SystemPageSize);

        Assert.False(fixtureReader.HoldsFiles);
        Assert.True(realReader.HoldsFiles);
    }

    [Fact]
    public void A_process_that_exits_is_gone_from_the_next_reading_on_a_real_procfs()
    {
        // Every process listed, so the child is listed while it runs.
        using var reader = new ProcessReader("/proc", "/etc/passwd", int.MaxValue, 100, Environment.SystemPageSize);
        using var child = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            Assert.Contains(reader.Read(0), p => p.Pid == child.Id && p.Name == "sleep");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        Assert.DoesNotContain(reader.Read(1), p => p.Pid == child.Id);
    }
}

using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// The reading split of <see cref="ProcessReader"/> with files held open, on the "schedstat" fixture
/// (which empties the files of exited processes, as procfs's held descriptors stop answering). Some
/// fixture stat and schedstat figures disagree on purpose, so each test shows which file a figure came from.
/// </summary>
public sealed class ProcessSchedstatTests
{
    private const long PageSize = 4096;
    private const double Seconds = 2;

    // Process 40 as a later stat shows it, with the same CPU ticks (it did not run): state D, 42 pages.
    private const string SteadyNowInDiskWaitWith42Pages =
        "40 (steady) D 1 40 40 0 -1 4194560 1000 0 10 0 40 0 0 0 20 0 1 0 400 170000000 42 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0\n";

    private static ProcessReader HeldReader(ProcFixture machine, int top = 15) =>
        new(machine.Proc, machine.Passwd, top, clockTicksPerSecond: 100, PageSize, holdFiles: true);

    private static ProcessStats Row(IReadOnlyList<ProcessStats> rows, int pid) => rows.Single(p => p.Pid == pid);

    private static IReadOnlyList<ProcessStats> SecondReading(ProcFixture machine, ProcessReader reader)
    {
        reader.Read(0);
        machine.Advance();
        return reader.Read(Seconds);
    }

    [Fact]
    public void A_single_threaded_process_has_the_cpu_of_its_thread_from_schedstat()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        // schedstat: 0.6 s on CPU in 2 s = 30% (its stat ticks would say 25%).
        Assert.Equal(30, Row(SecondReading(machine, reader), 10).CpuPercent!.Value, 1e-9);
    }

    [Fact]
    public void A_multi_threaded_process_has_the_cpu_of_all_its_threads_from_stat()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        // stat: 200 ticks of all threads in 2 s = 100%; the main thread's schedstat alone would say 5%.
        Assert.Equal(100, Row(SecondReading(machine, reader), 20).CpuPercent);
    }

    [Fact]
    public void Without_schedstat_or_with_it_switched_off_cpu_comes_from_stat()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        var rows = SecondReading(machine, reader);

        Assert.Equal(20, Row(rows, 80).CpuPercent); // no schedstat file: 40 ticks in 2 s
        Assert.Equal(30, Row(rows, 90).CpuPercent); // "0 0 0": 60 ticks in 2 s
    }

    [Fact]
    public void An_old_kernel_without_schedstat_gives_cpu_from_stat_with_held_files()
    {
        using var machine = new ProcFixture("old-kernel");
        using var reader = HeldReader(machine);

        // 5 ticks in 2 s at 100 per second.
        Assert.Equal(2.5, Row(SecondReading(machine, reader), 1).CpuPercent);
    }

    [Fact]
    public void A_process_that_starts_threads_moves_to_stat_so_every_thread_counts()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        // The reading that finds the new threads has the main thread's 0.2 s, a lower bound: 10%.
        Assert.Equal(10, Row(SecondReading(machine, reader), 50).CpuPercent!.Value, 1e-9);
        Assert.Equal(3, Row(reader.Read(Seconds), 50).Threads);

        // From then on stat's ticks of all threads: 100 more in 2 s, while the main thread stays idle.
        machine.Write("proc/50/stat", "50 (spawner) S 1 50 50 0 -1 4194560 1000 0 10 0 190 0 0 0 20 0 3 0 500 170000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0\n");
        Assert.Equal(50, Row(reader.Read(Seconds), 50).CpuPercent);
    }

    [Fact]
    public void A_pid_taken_by_a_new_process_shows_the_new_one_without_cpu()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        var row = Row(SecondReading(machine, reader), 60);

        Assert.Equal("new", row.Name);
        Assert.Equal("/usr/bin/new", row.Command);
        Assert.Null(row.CpuPercent);
    }

    [Fact]
    public void A_process_that_exited_is_not_listed()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);

        Assert.DoesNotContain(SecondReading(machine, reader), p => p.Pid == 70);
    }

    [Fact]
    public void Memory_that_shrank_while_the_process_slept_leaves_the_top_at_its_refresh()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine, top: 1);
        // Top 1 by memory: 30 had 90000 pages and slept while reclaimed to 10; 40 has 50000.
        SecondReading(machine, reader);

        IReadOnlyList<ProcessStats> rows = [];
        for (var i = 0; i < ProcessReader.ShownRefreshReadings; i++)
        {
            rows = reader.Read(Seconds);
        }

        Assert.DoesNotContain(rows, p => p.Pid == 30);
        Assert.Equal(50_000 * PageSize, Row(rows, 40).Rss);
    }

    [Fact]
    public void A_shown_row_whose_process_did_not_run_is_read_again_within_the_refresh_interval()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);
        SecondReading(machine, reader);

        // 40 has not run (same schedstat), but it is shown, so its stat is read again before long.
        machine.Write("proc/40/stat", SteadyNowInDiskWaitWith42Pages);
        ProcessStats row = null!;
        for (var i = 0; i < ProcessReader.ShownRefreshReadings; i++)
        {
            row = Row(reader.Read(Seconds), 40);
        }

        Assert.Equal("D", row.State);
        Assert.Equal(42 * PageSize, row.Rss);
        Assert.Equal(0, row.CpuPercent);
    }

    [Fact]
    public void A_shown_row_whose_process_did_not_run_is_not_read_again_at_once()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine);
        SecondReading(machine, reader);

        // Its CPU says it did not run, so the row keeps the figures of its last full read for now.
        machine.Write("proc/40/stat", SteadyNowInDiskWaitWith42Pages);
        var row = Row(reader.Read(Seconds), 40);

        Assert.Equal("S", row.State);
        Assert.Equal(50_000 * PageSize, row.Rss);
    }

    [Fact]
    public void Processes_that_did_not_run_are_not_read_in_full()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine, top: 0);

        SecondReading(machine, reader);

        // Read in full: 10 and 50 (ran), 20 (several threads), 80 and 90 (no usable schedstat), 60 (new).
        // Not: 30 and 40, which slept.
        Assert.Equal(6, reader.LastStatReads);
        Assert.Equal(5, reader.LastSchedstatReads); // 10, 30, 40, 60 and 50 (found with threads in this reading)
    }

    [Fact]
    public void A_sleeping_process_is_still_read_in_full_once_per_refresh_interval()
    {
        using var machine = new ProcFixture("schedstat");
        using var reader = HeldReader(machine, top: 0);
        SecondReading(machine, reader);
        reader.Read(Seconds); // 50 now on stat: the stat readers are 20, 50, 80 and 90

        var fullReads = 0;
        for (var i = 0; i < ProcessReader.FullRefreshReadings; i++)
        {
            reader.Read(Seconds);
            fullReads += reader.LastStatReads;
        }

        // Four on stat every reading, and each of the four sleepers on schedstat (10, 30, 40, 60) once.
        Assert.Equal(4 * ProcessReader.FullRefreshReadings + 4, fullReads);
    }
}

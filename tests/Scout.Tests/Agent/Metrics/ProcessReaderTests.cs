using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class ProcessReaderTests
{
    private const long PageSize = 4096;
    private const long ClockTicks = 100;
    private const double Seconds = 2;

    private static ProcessReader Reader(ProcFixture machine, int top = 15) =>
        new(machine.Proc, machine.Passwd, top, ClockTicks, PageSize);

    private static IReadOnlyList<ProcessStats> SecondReading(string fixtureCase, int top = 15)
    {
        using var machine = new ProcFixture(fixtureCase);
        var reader = Reader(machine, top);
        reader.Read(0);
        machine.Advance();
        return reader.Read(Seconds);
    }

    [Fact]
    public void First_reading_has_no_cpu_for_any_process()
    {
        using var machine = new ProcFixture("typical");

        var processes = Reader(machine).Read(0);

        Assert.NotEmpty(processes);
        Assert.All(processes, p => Assert.Null(p.CpuPercent));
    }

    [Fact]
    public void Cpu_is_percent_of_one_core_over_the_interval()
    {
        var processes = SecondReading("typical");

        // systemd: 150 ticks of 1/100 s in 2 s; the app: 400 ticks with 8 threads; nobodyd: 10 ticks.
        Assert.Equal(75, processes.Single(p => p.Pid == 1).CpuPercent);
        Assert.Equal(200, processes.Single(p => p.Pid == 100).CpuPercent);
        Assert.Equal(5, processes.Single(p => p.Pid == 400).CpuPercent);
    }

    [Fact]
    public void Sorted_by_cpu_then_memory_with_processes_seen_for_the_first_time_last()
    {
        var pids = SecondReading("typical").Select(p => p.Pid);

        Assert.Equal([100, 1, 400, 2, 200, 700], pids);
    }

    [Fact]
    public void Top_by_cpu_and_top_by_memory_are_merged_without_duplicates()
    {
        // Top 2 by CPU: 100, 1. Top 2 by RSS: 100 (50000 pages), 200 (20000 pages).
        var pids = SecondReading("typical", top: 2).Select(p => p.Pid);

        Assert.Equal([100, 1, 200], pids);
    }

    [Fact]
    public void A_new_process_and_a_reused_pid_have_no_cpu_yet()
    {
        var processes = SecondReading("typical");

        Assert.Null(processes.Single(p => p.Pid == 200).CpuPercent);
        Assert.Null(processes.Single(p => p.Pid == 700).CpuPercent);
    }

    [Fact]
    public void Processes_that_exit_before_or_during_the_reading_are_skipped()
    {
        var pids = SecondReading("typical").Select(p => p.Pid).ToList();

        Assert.DoesNotContain(300, pids); // gone since the previous reading
        Assert.DoesNotContain(500, pids); // directory listed, stat gone
        Assert.DoesNotContain(600, pids); // stat read, cmdline and status gone
    }

    [Fact]
    public void A_row_has_name_user_state_memory_and_threads()
    {
        var app = SecondReading("typical").Single(p => p.Pid == 100);

        Assert.Equal("my (weird) app", app.Name);
        Assert.Equal("alice", app.User);
        Assert.Equal("R", app.State);
        Assert.Equal(50_000 * PageSize, app.Rss);
        Assert.Equal(8, app.Threads);
    }

    [Fact]
    public void Command_line_has_spaces_for_separators_and_is_cut_at_200_characters()
    {
        var app = SecondReading("typical").Single(p => p.Pid == 100);

        Assert.StartsWith("/usr/bin/python3 -m worker --option-0=value --option-1=value", app.Command);
        Assert.Equal(ProcessReader.MaxCommandLength, app.Command.Length);
        Assert.DoesNotContain('\0', app.Command);
    }

    [Fact]
    public void A_kernel_thread_shows_its_name_in_brackets()
    {
        Assert.Equal("[kthreadd]", SecondReading("typical").Single(p => p.Pid == 2).Command);
    }

    [Fact]
    public void A_uid_missing_from_passwd_shows_as_a_number()
    {
        Assert.Equal("4242", SecondReading("typical").Single(p => p.Pid == 400).User);
    }

    [Fact]
    public void Cpu_time_that_went_back_gives_no_cpu()
    {
        var process = Assert.Single(SecondReading("wrap"));

        Assert.Null(process.CpuPercent);
    }

    [Fact]
    public void Counts_every_process_seen_not_only_the_ones_listed()
    {
        using var machine = new ProcFixture("typical");
        var reader = Reader(machine, top: 1);

        reader.Read(0);

        Assert.Equal(6, reader.LastSeen);
    }

    [Theory]
    [InlineData("数据库服务器进程")]          // three bytes a character
    [InlineData("процесс-обработчик")]        // two
    [InlineData("worker-😀")]                 // a surrogate pair, four
    public void A_non_ascii_command_line_is_cut_at_200_bytes_of_utf8_without_splitting_a_character(string word)
    {
        var argv = string.Join('\0', Enumerable.Repeat(word, 100)) + "\0";

        var shown = ProcessReader.CommandLine(System.Text.Encoding.UTF8.GetBytes(argv), "comm", CommandLineMode.Full);

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(shown), ProcessReader.MaxCommandBytes - 4, ProcessReader.MaxCommandBytes);
        Assert.StartsWith(word + " " + word, shown);
        Assert.False(char.IsHighSurrogate(shown[^1]));
    }

    [Fact]
    public void A_character_the_200_character_cut_would_split_is_left_out_whole()
    {
        var shown = ProcessReader.CommandLine(System.Text.Encoding.UTF8.GetBytes(new string('a', 199) + "😀 tail"), "comm", CommandLineMode.Full);

        Assert.Equal(new string('a', 199), shown);
    }

    [Fact]
    public void Command_line_without_arguments_falls_back_to_comm()
    {
        Assert.Equal("[kworker/0:1]", ProcessReader.CommandLine(ReadOnlySpan<byte>.Empty, "kworker/0:1"));
        Assert.Equal("nginx: worker process", ProcessReader.CommandLine("nginx: worker process\0\0"u8, "nginx"));
    }
}

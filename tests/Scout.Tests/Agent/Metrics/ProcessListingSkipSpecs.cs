using System.Diagnostics;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// <see cref="ProcessReader"/> lists /proc again only when the newest pid in loadavg moved (and once more
/// after that, since a pid is handed out a moment before its process shows in /proc): no process can
/// appear without taking a pid, and one that exits fails its held read.
/// </summary>
public sealed class ProcessListingSkipSpecs
{
    private static ProcessReader RealReader() => new("/proc", "/etc/passwd", int.MaxValue, 100, Environment.SystemPageSize);

    private static long NewestPid()
    {
        var load = new LoadReader("/proc");
        load.Read();
        return load.NewestPid!.Value;
    }

    private static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;

    private static void End(Process process)
    {
        process.Kill();
        process.WaitForExit();
    }

    [Fact]
    public void An_unmoved_newest_pid_reuses_the_last_list_of_processes()
    {
        using var reader = RealReader();
        reader.Read(0, newestPid: 7);
        reader.Read(1, newestPid: 7); // a second listing at the same newest pid makes the list trusted
        using var child = Sleeper();
        try
        {
            // Told that no pid was handed out, the reader does not list /proc and cannot see the child yet.
            var rows = reader.Read(1, newestPid: 7);

            Assert.Equal(2, reader.Listings);
            Assert.DoesNotContain(rows, p => p.Pid == child.Id);
            Assert.NotEmpty(rows);
        }
        finally
        {
            End(child);
        }
    }

    [Fact]
    public void A_new_process_moves_the_newest_pid_and_is_in_the_next_reading()
    {
        using var reader = RealReader();
        reader.Read(0, NewestPid());
        using var child = Sleeper();
        try
        {
            Assert.Contains(reader.Read(1, NewestPid()), p => p.Pid == child.Id);
        }
        finally
        {
            End(child);
        }
    }

    [Fact]
    public void A_process_that_exits_is_gone_without_a_new_listing()
    {
        using var reader = RealReader();
        using var child = Sleeper();
        reader.Read(0, newestPid: 7);
        Assert.Contains(reader.Read(1, newestPid: 7), p => p.Pid == child.Id);

        End(child);

        Assert.DoesNotContain(reader.Read(1, newestPid: 7), p => p.Pid == child.Id);
        Assert.Equal(2, reader.Listings);
    }

    [Fact]
    public void A_moved_newest_pid_is_listed_twice_before_the_list_is_trusted()
    {
        using var reader = RealReader();
        reader.Read(0, newestPid: 7);
        reader.Read(1, newestPid: 7);
        reader.Read(1, newestPid: 7); // trusted: not listed

        // A new pid: the listing may have come a moment before the process showed in /proc, so list again.
        reader.Read(1, newestPid: 8);
        reader.Read(1, newestPid: 8);
        reader.Read(1, newestPid: 8); // trusted again

        Assert.Equal(4, reader.Listings);
    }

    [Fact]
    public void A_fixture_tree_is_listed_every_reading()
    {
        using var machine = new ProcFixture("typical");
        using var reader = new ProcessReader(machine.Proc, machine.Passwd, 15, 100, 4096, holdFiles: true);

        reader.Read(0, newestPid: 7);
        reader.Read(1, newestPid: 7);

        Assert.Equal(2, reader.Listings);
    }
}

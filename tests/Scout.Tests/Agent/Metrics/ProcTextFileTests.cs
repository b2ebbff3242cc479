using System.Diagnostics;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>Whole-machine files stay open on a real procfs, and each read still gives the kernel's figures of now.</summary>
public sealed class ProcTextFileTests
{
    [Fact]
    public void A_held_proc_file_gives_fresh_text_on_every_read()
    {
        using var uptime = new ProcTextFile("/proc/uptime");
        var first = uptime.Read().ToString();

        // The uptime moves every 10 ms; keep reading the same descriptor until it has (5 s at most).
        var clock = Stopwatch.StartNew();
        var later = first;
        while (later == first && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            later = uptime.Read().ToString();
        }

        Assert.True(uptime.IsHeld);
        Assert.NotEqual(first, later);
    }

    [Fact]
    public void A_file_off_procfs_is_not_held_and_shows_a_rewrite()
    {
        var path = Path.Combine(Path.GetTempPath(), "scout-text-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "before\n");
        try
        {
            using var file = new ProcTextFile(path);
            Assert.Equal("before\n", file.Read().ToString());

            // Replaced, not rewritten in place: a held descriptor would still see the old file.
            File.WriteAllText(path + ".new", "after\n");
            File.Move(path + ".new", path, overwrite: true);

            Assert.Equal("after\n", file.Read().ToString());
            Assert.False(file.IsHeld);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_held_multi_record_file_reads_the_same_text_as_a_fresh_open()
    {
        using var mounts = new ProcTextFile("/proc/self/mountinfo");
        var expected = File.ReadAllText("/proc/self/mountinfo");

        Assert.Equal(expected, mounts.Read().ToString());
        Assert.Equal(expected, mounts.Read().ToString());
    }
}

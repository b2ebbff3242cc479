using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class PidListingTests
{
    [Fact]
    public void Lists_numeric_directories_only_and_sees_changes_on_the_next_fill()
    {
        var root = Path.Combine(Path.GetTempPath(), "scout-pids-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "1"));
        Directory.CreateDirectory(Path.Combine(root, "4242"));
        Directory.CreateDirectory(Path.Combine(root, "self"));
        Directory.CreateDirectory(Path.Combine(root, "12ab"));
        File.WriteAllText(Path.Combine(root, "77"), "a file, not a process");
        try
        {
            using var listing = new PidListing(root);
            var pids = new List<int>();

            listing.Fill(pids);
            Assert.Equal([1, 4242], pids.Order());

            Directory.Delete(Path.Combine(root, "1"));
            Directory.CreateDirectory(Path.Combine(root, "9"));
            listing.Fill(pids);
            Assert.Equal([9, 4242], pids.Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void This_machines_proc_lists_this_process()
    {
        using var listing = new PidListing("/proc");
        var pids = new List<int>();

        listing.Fill(pids);

        Assert.Contains(Environment.ProcessId, pids);
    }

    [Fact]
    public void A_directory_that_cannot_be_opened_lists_nothing()
    {
        using var listing = new PidListing("/nonexistent-" + Guid.NewGuid().ToString("N"));
        var pids = new List<int> { 5 };

        listing.Fill(pids);

        Assert.Empty(pids);
    }
}

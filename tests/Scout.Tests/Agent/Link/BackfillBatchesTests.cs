using Scout.Actors.AgentWire;
using Scout.Agent.Link;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Agent.Link;

public sealed class BackfillBatchesTests
{
    [Fact]
    public void Small_samples_are_cut_by_count()
    {
        var samples = Enumerable.Range(0, 12).Select(i => Samples.At("s", i)).ToList();

        var batches = BackfillBatches.Split(samples, maxCount: 5);

        Assert.Equal([5, 5, 2], batches.Select(b => b.Length));
        Assert.Equal(samples.Select(s => s.Time), batches.SelectMany(b => b).Select(s => s.Time));
    }

    [Fact]
    public void Large_samples_are_cut_by_size_so_no_message_exceeds_the_hub_limit()
    {
        // ~40 KB each: two fit under 96 KB, five would be ~200 KB.
        var big = Enumerable.Range(0, 5).Select(i => Samples.At("s", i) with
        {
            Processes = [.. Enumerable.Range(1, 150).Select(p => new ProcessStats(p, "p", new string('x', 150), "root", "S", 0, 1, 1))],
        }).ToList();

        var batches = BackfillBatches.Split(big, maxCount: 5);

        Assert.Equal([2, 2, 1], batches.Select(b => b.Length));
    }
}

using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class MemoryReaderTests
{
    private const long KiB = 1024;

    [Fact]
    public void Reads_meminfo_in_bytes_with_used_as_total_minus_available()
    {
        using var machine = new ProcFixture("typical");

        var memory = new MemoryReader(machine.Proc).Read();

        Assert.Equal(16_000_000 * KiB, memory.Total);
        Assert.Equal(10_000_000 * KiB, memory.Available);
        Assert.Equal(6_000_000 * KiB, memory.Used);
        Assert.Equal(500_000 * KiB, memory.Buffers);
    }

    [Fact]
    public void Cached_includes_reclaimable_slab()
    {
        using var machine = new ProcFixture("typical");

        Assert.Equal((6_000_000 + 400_000) * KiB, new MemoryReader(machine.Proc).Read().Cached);
    }

    [Fact]
    public void Swap_used_is_total_minus_free()
    {
        using var machine = new ProcFixture("typical");

        var memory = new MemoryReader(machine.Proc).Read();

        Assert.Equal(4_000_000 * KiB, memory.SwapTotal);
        Assert.Equal(1_000_000 * KiB, memory.SwapUsed);
    }

    [Fact]
    public void Without_MemAvailable_available_is_free_plus_buffers_plus_cached()
    {
        using var machine = new ProcFixture("old-kernel");

        var memory = new MemoryReader(machine.Proc).Read();

        Assert.Equal((1_000_000 + 200_000 + 3_000_000) * KiB, memory.Available);
        Assert.Equal((8_000_000 - 4_200_000) * KiB, memory.Used);
        Assert.Equal(3_000_000 * KiB, memory.Cached);
    }
}

using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class DiskReaderTests
{
    private const double Seconds = 2;

    private static IReadOnlyList<DiskStats> SecondReading(string fixtureCase)
    {
        using var machine = new ProcFixture(fixtureCase);
        var reader = new DiskReader(machine.Proc);
        reader.Read(0);
        machine.Advance();
        return reader.Read(Seconds);
    }

    [Fact]
    public void Lists_whole_disks_dm_and_zram_but_not_loop_ram_or_partitions_of_listed_disks()
    {
        using var machine = new ProcFixture("typical");

        var names = new DiskReader(machine.Proc).Read(0).Select(d => d.Name);

        Assert.Equal(["sda", "nvme0n1", "zram0", "dm-0"], names);
    }

    [Fact]
    public void First_reading_has_no_rates()
    {
        using var machine = new ProcFixture("typical");

        var sda = new DiskReader(machine.Proc).Read(0).Single(d => d.Name == "sda");

        Assert.Equal(new DiskStats("sda", null, null, null, null, null), sda);
    }

    [Fact]
    public void Rates_are_sectors_of_512_bytes_and_requests_per_second_over_the_interval()
    {
        var sda = SecondReading("typical").Single(d => d.Name == "sda");

        // +4000 sectors read, +8000 written, +200 reads, +400 writes, +500 ms busy in 2 s.
        Assert.Equal(new DiskStats("sda", 1_024_000, 2_048_000, 100, 200, 25), sda);
    }

    [Fact]
    public void A_disk_that_appeared_since_the_last_reading_is_listed_without_rates()
    {
        var sdb = SecondReading("typical").Single(d => d.Name == "sdb");

        Assert.Null(sdb.ReadBytesPerSec);
        Assert.Null(sdb.BusyPercent);
    }

    [Fact]
    public void A_counter_that_wrapped_gives_null_for_that_counter_only()
    {
        var sda = Assert.Single(SecondReading("wrap"));

        Assert.Null(sda.ReadOpsPerSec);
        Assert.Null(sda.ReadBytesPerSec);
        Assert.Equal(500, sda.WriteOpsPerSec);
        Assert.Equal(25 * 512, sda.WriteBytesPerSec);
        Assert.Equal(10, sda.BusyPercent);
    }

    [Fact]
    public void Short_lines_of_old_kernels_are_read_and_a_partition_without_its_disk_is_listed()
    {
        var disks = SecondReading("old-kernel");

        Assert.Equal(["sda", "sdb1"], disks.Select(d => d.Name));
        var sdb1 = disks[1];
        Assert.Equal(100, sdb1.ReadOpsPerSec);
        Assert.Equal(2000 * 512, sdb1.ReadBytesPerSec);
        Assert.Equal(100, sdb1.WriteOpsPerSec);
        Assert.Null(sdb1.BusyPercent); // the short format has no io_ticks
        Assert.Equal(10, disks[0].BusyPercent);
    }

    [Fact]
    public void A_container_without_diskstats_has_no_disks()
    {
        using var machine = new ProcFixture("container");

        Assert.Empty(new DiskReader(machine.Proc).Read(1));
    }

    [Fact]
    public void Only_loop_devices_give_an_empty_list()
    {
        using var machine = new ProcFixture("container");
        machine.Write("proc/diskstats", "   7 0 loop0 1 0 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");

        Assert.Empty(new DiskReader(machine.Proc).Read(1));
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_counted()
    {
        using var machine = new ProcFixture("container");
        machine.Write("proc/diskstats", "   8 0 sda 1 2 3\n   8 16 sdb x 0 0 0 0 0 0 0 0 0 0\n   8 32 sdc 1 0 2 0 3 0 4 0 0 5 6\n");
        var reader = new DiskReader(machine.Proc);

        var disks = reader.Read(1);

        Assert.Equal("sdc", Assert.Single(disks).Name);
        Assert.Equal(2, reader.SkippedLines);
    }
}

using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class NetworkReaderTests
{
    private const double Seconds = 2;

    private static IReadOnlyList<NetworkStats> SecondReading(string fixtureCase)
    {
        using var machine = new ProcFixture(fixtureCase);
        var reader = new NetworkReader(machine.Proc);
        reader.Read(0);
        machine.Advance();
        return reader.Read(Seconds);
    }

    [Fact]
    public void Loopback_is_left_out()
    {
        using var machine = new ProcFixture("typical");

        var names = new NetworkReader(machine.Proc).Read(0).Select(n => n.Name);

        Assert.Equal(["eth0", "docker0"], names);
    }

    [Fact]
    public void First_reading_has_no_rates()
    {
        using var machine = new ProcFixture("typical");

        var eth0 = new NetworkReader(machine.Proc).Read(0)[0];

        Assert.Equal(new NetworkStats("eth0", null, null, null, null, null, null, null, null), eth0);
    }

    [Fact]
    public void Rates_per_second_for_bytes_packets_errors_and_drops()
    {
        var eth0 = SecondReading("typical").Single(n => n.Name == "eth0");

        Assert.Equal(new NetworkStats("eth0", 1_000_000, 500_000, 1000, 200, 1, 0, 2, 1), eth0);
    }

    [Fact]
    public void Interfaces_that_appear_have_no_rates_and_those_that_vanish_are_gone()
    {
        var network = SecondReading("typical");

        Assert.DoesNotContain(network, n => n.Name == "docker0");
        var wlan0 = network.Single(n => n.Name == "wlan0");
        Assert.Null(wlan0.RxBytesPerSec);
    }

    [Fact]
    public void A_counter_that_wrapped_gives_null_for_that_counter_only()
    {
        var eth0 = Assert.Single(SecondReading("wrap"));

        Assert.Null(eth0.RxBytesPerSec);
        Assert.Equal(2.5, eth0.RxPacketsPerSec);
        Assert.Equal(4000, eth0.TxBytesPerSec);
    }

    [Fact]
    public void Old_format_without_a_space_after_the_colon_is_read()
    {
        var eth0 = Assert.Single(SecondReading("old-kernel"));

        Assert.Equal(2000, eth0.RxBytesPerSec);
        Assert.Equal(1000, eth0.TxBytesPerSec);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_counted()
    {
        using var machine = new ProcFixture("container");
        machine.Write("proc/net/dev", "header|\nheader|\n  eth0: 1 2 3\n  eth1: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n");
        var reader = new NetworkReader(machine.Proc);

        var network = reader.Read(1);

        Assert.Equal("eth1", Assert.Single(network).Name);
        Assert.Equal(1, reader.SkippedLines);
    }
}

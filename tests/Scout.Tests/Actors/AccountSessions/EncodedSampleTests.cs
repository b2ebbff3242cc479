using Scout.Actors.AccountSessions;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.AccountSessions;

public sealed class EncodedSampleTests
{
    [Fact]
    public void Without_tables_is_byte_for_byte_the_sample_encoded_with_no_processes_or_filesystems()
    {
        var sample = Samples.At("srv-1", 1_795_000_000_000);

        var slim = EncodedSample.Encode(sample).WithoutTables();

        Assert.Equal(EncodedSample.Encode(sample with { Processes = [], Filesystems = [] }).Json.ToArray(), slim.Json.ToArray());
        Assert.Equal((sample.ServerId, sample.Time, true), (slim.ServerId, slim.Time, slim.IsSlim));
    }

    [Fact]
    public void A_sample_with_a_long_process_list_keeps_well_under_half_its_bytes_without_it()
    {
        var one = Samples.At("srv-1", 1_795_000_000_000);
        var sample = one with { Processes = [.. Enumerable.Range(1, 40).Select(pid => one.Processes[0] with { Pid = pid })] };

        var encoded = EncodedSample.Encode(sample);

        Assert.InRange(encoded.WithoutTables().Json.Length, 1, encoded.Json.Length / 2);
    }
}

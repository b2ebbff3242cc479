using Scout.Actors.AccountSessions;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.AccountSessions;

public sealed class SampleBufferTests
{
    private const long T0 = 1_795_000_000_000;

    private static SampleBuffer Filled(TimeSpan length, int capacity, params long[] times)
    {
        var buffer = new SampleBuffer(length, capacity);
        foreach (var t in times)
            buffer.Add(Samples.Encoded("srv-1", t));
        return buffer;
    }

    [Fact]
    public void Late_samples_go_to_their_place_and_duplicates_are_kept_once()
    {
        var buffer = Filled(TimeSpan.FromMinutes(1), 100, T0 + 3000, T0 + 1000, T0 + 2000, T0 + 1000, T0 + 4000);

        Assert.Equal([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000], buffer.Snapshot(T0 + 4000).Select(s => s.Time));
    }

    [Fact]
    public void Only_the_newest_sample_keeps_its_process_list_and_filesystems()
    {
        var buffer = Filled(TimeSpan.FromMinutes(1), 100, T0 + 2000, T0 + 3000, T0 + 1000);

        var kept = buffer.Snapshot(T0 + 3000).Select(s => s.Decode()).ToList();

        Assert.Equal([0, 0, 1], kept.Select(s => s.Processes.Count));
        Assert.Equal([0, 0, 1], kept.Select(s => s.Filesystems.Count));
        // The charts' figures stay in every one.
        Assert.All(kept, s => Assert.Equal(Samples.At("srv-1", s.Time).Memory, s.Memory));
    }

    [Fact]
    public void The_newest_sample_comes_back_byte_for_byte_and_stays_whole_in_a_snapshot_after_newer_ones_arrive()
    {
        var buffer = new SampleBuffer(TimeSpan.FromMinutes(1), 100);
        var first = Samples.Encoded("srv-1", T0 + 1000);
        buffer.Add(first);

        var snapshot = buffer.Snapshot(T0 + 1000);
        buffer.Add(Samples.Encoded("srv-1", T0 + 2000)); // the buffer's own copy of the newest is written again

        Assert.Equal(first.Json.ToArray(), snapshot[^1].Json.ToArray());
        Assert.Equal((first.ServerId, first.Time, false), (snapshot[^1].ServerId, snapshot[^1].Time, snapshot[^1].IsSlim));
        Assert.Equal([true, false], buffer.Snapshot(T0 + 2000).Select(s => s.IsSlim));
    }

    [Fact]
    public void A_newest_sample_larger_than_the_one_before_comes_back_whole()
    {
        var buffer = new SampleBuffer(TimeSpan.FromMinutes(1), 100);
        buffer.Add(Samples.Encoded("srv-1", T0 + 1000));
        var small = Samples.At("srv-1", T0 + 2000);
        var grown = EncodedSample.Encode(small with
        {
            Processes = Enumerable.Range(1, 60).Select(pid => small.Processes[0] with { Pid = pid, Command = $"/usr/bin/worker --slot {pid}" }).ToList(),
        });
        buffer.Add(grown);

        Assert.Equal(grown.Json.ToArray(), buffer.Snapshot(T0 + 2000)[^1].Json.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4708)]
    [InlineData(40_000)]
    [InlineData(EncodedSample.MaxBytes)]
    public void The_newest_samples_copy_has_room_for_it_and_less_than_a_quarter_more(int length)
    {
        var capacity = SampleBuffer.NewestCapacity(length);

        Assert.InRange(capacity, length, Math.Max(length + 256, length * 5 / 4));
        Assert.True(capacity <= EncodedSample.MaxBytes || capacity == length);
    }

    [Fact]
    public void An_older_sample_comes_back_byte_for_byte_as_the_sample_encoded_without_its_tables()
    {
        var sample = Samples.At("srv-1", T0 + 1000);
        var buffer = new SampleBuffer(TimeSpan.FromMinutes(1), 100);
        buffer.Add(EncodedSample.Encode(sample));
        buffer.Add(Samples.Encoded("srv-1", T0 + 2000));

        var older = buffer.Snapshot(T0 + 2000)[0];

        Assert.Equal(EncodedSample.Encode(sample with { Processes = [], Filesystems = [] }).Json.ToArray(), older.Json.ToArray());
        Assert.Equal(("srv-1", T0 + 1000, true), (older.ServerId, older.Time, older.IsSlim));
    }

    [Fact]
    public void Numbers_of_every_form_and_samples_of_another_shape_come_back_exactly()
    {
        var plain = Samples.At("srv-1", T0 + 1000);
        // Negative, fractional, exponents both ways and the largest long: every character the encoder writes in a number.
        var odd = plain with
        {
            Time = T0 + 2000,
            Load = new LoadStats(1e-7, -2.5, 3.25e21, 0, int.MaxValue),
            Memory = plain.Memory with { Total = long.MaxValue, SwapUsed = -1 },
        };
        // Another shape: an interface more, one of its figures unknown (a null is part of the shape, not a number).
        var wider = plain with
        {
            Time = T0 + 3000,
            Network = [.. plain.Network, new NetworkStats("wg0", null, 7, 1, 2, 0, 0, 0, 0)],
        };
        var buffer = new SampleBuffer(TimeSpan.FromMinutes(1), 100);
        foreach (var sample in new[] { plain, odd, wider, plain with { Time = T0 + 4000 } })
            buffer.Add(EncodedSample.Encode(sample));

        var kept = buffer.Snapshot(T0 + 4000);

        Assert.Equal(
            new[] { plain, odd, wider }.Select(s => EncodedSample.Encode(s with { Processes = [], Filesystems = [] }).Json.ToArray()),
            kept.Take(3).Select(s => s.Json.ToArray()));
    }

    [Fact]
    public void Samples_older_than_the_length_before_the_newest_are_dropped()
    {
        var buffer = Filled(TimeSpan.FromSeconds(10), 100, T0, T0 + 5000, T0 + 10_000, T0 + 10_001);

        Assert.Equal([T0 + 5000, T0 + 10_000, T0 + 10_001], buffer.Snapshot(T0 + 10_001).Select(s => s.Time));
    }

    [Fact]
    public void Never_more_than_the_capacity_is_kept_whatever_the_times()
    {
        var buffer = Filled(TimeSpan.FromMinutes(1), 3, T0 + 1, T0 + 2, T0 + 3, T0 + 4, T0 + 5);

        Assert.Equal([T0 + 3, T0 + 4, T0 + 5], buffer.Snapshot(T0 + 5).Select(s => s.Time));
    }

    [Fact]
    public void A_buffer_whose_newest_sample_is_older_than_the_length_gives_nothing()
    {
        var buffer = Filled(TimeSpan.FromSeconds(60), 100, T0, T0 + 1000);

        Assert.Empty(buffer.Snapshot(T0 + 1000 + 60_001));
        Assert.Equal(2, buffer.Snapshot(T0 + 1000 + 60_000).Count);
    }

    [Fact]
    public void A_snapshot_is_a_copy_that_later_samples_do_not_change()
    {
        var buffer = Filled(TimeSpan.FromMinutes(1), 100, T0);
        var snapshot = buffer.Snapshot(T0);

        buffer.Add(Samples.Encoded("srv-1", T0 + 1000));

        Assert.Single(snapshot);
    }
}

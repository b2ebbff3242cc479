using Akka.Actor;
using Akka.TestKit.Xunit2;
using Scout.Actors.AgentWire;
using Scout.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Streaming;

public sealed class LocalBufferSpecs : TestKit
{
    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public void Answers_with_the_samples_of_the_window_oldest_first()
    {
        var buffer = Sys.ActorOf(LocalBuffer.Props(new FakeMetricsSource(), new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1))));
        var now = NowMs;

        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now - 2_000)));
        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now - 1_000)));
        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now)));
        buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);

        var contents = ExpectMsg<LocalBufferProtocol.BufferContents>();
        Assert.Equal([now - 2_000, now - 1_000, now], contents.Samples.Select(s => s.Time));
    }

    [Fact]
    public void Only_the_newest_sample_keeps_its_process_list()
    {
        var buffer = Sys.ActorOf(LocalBuffer.Props(new FakeMetricsSource(), new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1))));
        var now = NowMs;

        foreach (var time in new[] { now - 2_000, now - 1_000, now })
            buffer.Tell(new StreamerProtocol.StreamedSample(WithTables(time)));
        buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);

        var contents = ExpectMsg<LocalBufferProtocol.BufferContents>().Samples;
        Assert.Equal([0, 0, 1], contents.Select(s => s.Processes.Count));
        // The charts' figures, and the filesystems a minute report averages, stay in every one.
        Assert.All(contents, s => Assert.Equal(WithTables(s.Time).Memory, s.Memory));
        Assert.All(contents, s => Assert.Single(s.Filesystems));
    }

    [Fact]
    public async Task A_reading_older_than_the_newest_leaves_the_newest_its_process_list()
    {
        var now = NowMs;
        // The buffer's own readings, the second after the machine's clock stepped back five seconds.
        var source = new ReadingsAt(now, now - 5_000);
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(200))));

        await AwaitAssertAsync(() => Assert.True(source.Reads >= 3));
        buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);

        var contents = ExpectMsg<LocalBufferProtocol.BufferContents>().Samples;
        Assert.Equal((now, 1), (contents[^1].Time, contents[^1].Processes.Count));
        Assert.All(contents.SkipLast(1), s => Assert.Empty(s.Processes));
    }

    /// <summary>Readings at the given times in turn, then at the last one again.</summary>
    private sealed class ReadingsAt(params long[] times) : Scout.Agent.Metrics.IMetricsSource
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public MetricsSample Read() => WithTables(times[Math.Min(Interlocked.Increment(ref _reads), times.Length) - 1]);
    }

    private static MetricsSample WithTables(long time) => FakeMetricsSource.Sample(time) with
    {
        Memory = new MemoryStats(8L << 30, 4L << 30, 4L << 30, 1L << 30, 1L << 28, 0, 0),
        Processes = [new ProcessStats(1, "init", "/sbin/init", "root", "S", 0.1, 10 << 20, 1)],
        Filesystems = [new FilesystemStats("/", "/dev/sda1", "ext4", 100L << 30, 40L << 30, 60L << 30)],
    };

    [Fact]
    public void Drops_samples_older_than_the_window()
    {
        var buffer = Sys.ActorOf(LocalBuffer.Props(new FakeMetricsSource(), new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10))));
        var now = NowMs;

        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now - 6 * 60_000)));
        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(now - 4 * 60_000)));
        buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);

        var contents = ExpectMsg<LocalBufferProtocol.BufferContents>();
        Assert.Equal([now - 4 * 60_000], contents.Samples.Select(s => s.Time));
    }

    [Fact]
    public void Takes_its_own_reading_each_interval_when_no_stream_runs()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(200))));

        AwaitAssert(() =>
        {
            buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);
            var count = ExpectMsg<LocalBufferProtocol.BufferContents>().Samples.Count;
            Assert.True(count >= 3, $"{count} samples, {source.Reads} readings");
        }, Dilated(TimeSpan.FromSeconds(3)), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Takes_no_reading_of_its_own_while_streamed_samples_arrive()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1))));
        // A stream at 200 ms, well inside every 1 s buffer interval even on a loaded machine.
        var stream = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromMilliseconds(200), buffer,
            new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(NowMs)), TestActor);

        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(2500)));
        Assert.Equal(0, source.Reads);
        stream.Cancel();
    }

    [Fact]
    public void Keeps_reading_for_itself_between_the_samples_of_a_slower_stream()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(300))));
        // A stream once a second leaves most 300 ms intervals of the buffer without a sample.
        var stream = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromSeconds(1), buffer,
            new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(NowMs)), TestActor);
        try
        {
            AwaitAssert(() => Assert.True(source.Reads >= 3, $"{source.Reads} readings of its own"),
                Dilated(TimeSpan.FromSeconds(6)), TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            stream.Cancel();
        }
    }

    [Fact]
    public void Reads_for_itself_again_once_the_stream_ends()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(300))));
        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(NowMs)));

        buffer.Tell(StreamerProtocol.StreamerStopped.Instance);

        AwaitAssert(() => Assert.True(source.Reads >= 2, $"{source.Reads} readings since the stream ended"),
            Dilated(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Reads_for_itself_again_when_streamed_samples_stop_without_a_word()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, new LocalBufferSettings(true, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(300))));

        // One streamed sample and then silence, as from a streamer that died without its last message.
        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(NowMs)));

        AwaitAssert(() => Assert.True(source.Reads >= 2, $"{source.Reads} readings since the samples stopped"),
            Dilated(TimeSpan.FromSeconds(8)), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_disabled_buffer_keeps_nothing_and_reads_nothing()
    {
        var source = new FakeMetricsSource();
        var buffer = Sys.ActorOf(LocalBuffer.Props(source, LocalBufferSettings.Default with { Enabled = false }));

        buffer.Tell(new StreamerProtocol.StreamedSample(FakeMetricsSource.Sample(NowMs)));
        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(1200)));
        buffer.Tell(LocalBufferProtocol.GetBuffer.Instance);

        Assert.Empty(ExpectMsg<LocalBufferProtocol.BufferContents>().Samples);
        Assert.Equal(0, source.Reads);
    }
}

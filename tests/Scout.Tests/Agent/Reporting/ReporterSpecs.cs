using Akka.Actor;
using Akka.TestKit.Xunit2;
using Scout.Actors.AgentWire;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Agent.Reporting;

public sealed class ReporterSpecs : TestKit
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scout-tests", "reporter-" + Guid.NewGuid().ToString("N"));

    private ReportSettings Settings(TimeSpan interval, TimeSpan? maxAge = null) =>
        new(true, interval, _folder, maxAge ?? TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(200));

    [Fact]
    public void Makes_a_report_from_the_buffers_readings_of_the_window()
    {
        var buffer = CreateTestProbe();
        var link = CreateTestProbe();
        Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromSeconds(1)), buffer, link));

        buffer.ExpectMsg<LocalBufferProtocol.GetBuffer>(TimeSpan.FromSeconds(5));
        var now = Samples.Now;
        buffer.Reply(new LocalBufferProtocol.BufferContents([Samples.At("", now - 10 * 60_000), Samples.At("", now - 1), Samples.At("", now)]));

        var report = link.ExpectMsg<ReporterProtocol.SendReport>().Report;
        Assert.Equal(2, report.Samples); // the reading from before the window is not in it
        Assert.Equal(new Stat(15, 15), report.CpuTotal);
        Assert.Equal(1000, report.IntervalMs);
    }

    [Fact]
    public void The_report_carries_cpu_shares_cached_memory_cores_filesystems_and_processes_through_its_spool()
    {
        var buffer = CreateTestProbe();
        var link = CreateTestProbe();
        Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromSeconds(1)), buffer, link));

        buffer.ExpectMsg<LocalBufferProtocol.GetBuffer>(TimeSpan.FromSeconds(5));
        buffer.Reply(new LocalBufferProtocol.BufferContents([Samples.At("", Samples.Now)]));

        var sent = link.ExpectMsg<ReporterProtocol.SendReport>().Report;
        // What a restarted agent would replay: the spooled file, read back.
        var spooled = new ReportSpool(_folder, 10).Oldest()!;
        foreach (var report in new[] { sent, spooled })
        {
            Assert.Equal((new Stat(10, 10), new Stat(5, 5), new Stat(1, 1)), (report.CpuUser, report.CpuSystem, report.CpuIoWait));
            Assert.Equal(new Stat(1L << 30, 1L << 30), report.MemoryCached);
            Assert.Equal("cpu0", Assert.Single(report.CpuCores).Name);
            Assert.Equal(("/", "ext4"), (Assert.Single(report.Filesystems).Mount, report.Filesystems[0].Type));
            Assert.Equal("/sbin/init", Assert.Single(report.Processes).Command);
        }
    }

    [Fact]
    public void A_report_not_acknowledged_is_sent_again_and_leaves_the_spool_only_when_acknowledged()
    {
        var buffer = CreateTestProbe();
        var link = CreateTestProbe();
        var reporter = Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromHours(1)), buffer, link));
        new ReportSpool(_folder, 10); // the folder exists before the reporter reads it
        reporter.Tell(new LocalBufferProtocol.BufferContents([Samples.At("", Samples.Now)]));

        var first = link.ExpectMsg<ReporterProtocol.SendReport>().Report;
        link.Reply(new ReporterProtocol.ReportNotSent(first.ReportId, "link reconnecting"));
        var again = link.ExpectMsg<ReporterProtocol.SendReport>(TimeSpan.FromSeconds(5)).Report;
        Assert.Equal(first.ReportId, again.ReportId);
        reporter.Tell(ReporterProtocol.GetReporterStatus.Instance);
        Assert.Equal(1, ExpectMsg<ReporterProtocol.ReporterStatus>().Spooled);

        link.Reply(new ReportAck(first.ReportId, ReportAck.Stored, null));
        AwaitAssert(() =>
        {
            reporter.Tell(ReporterProtocol.GetReporterStatus.Instance);
            var status = ExpectMsg<ReporterProtocol.ReporterStatus>();
            Assert.Equal((0, 1L), (status.Spooled, status.Acknowledged));
        });
    }

    [Fact]
    public void After_a_restart_the_full_spool_is_replayed_in_order_one_at_a_time()
    {
        var spool = new ReportSpool(_folder, 100);
        var start = Samples.Now - 100_000;
        var spooled = Enumerable.Range(0, 20).Select(i => ReportSpoolTests.Report(start + i * 1000L)).ToArray();
        foreach (var report in spooled) spool.Add(report);
        var link = CreateTestProbe();

        Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromHours(1)), CreateTestProbe(), link));

        foreach (var expected in spooled)
        {
            var sent = link.ExpectMsg<ReporterProtocol.SendReport>().Report;
            Assert.Equal(expected.ReportId, sent.ReportId);
            var reporter = link.LastSender;
            link.ExpectNoMsg(TimeSpan.FromMilliseconds(20)); // never a second one in flight
            reporter.Tell(new ReportAck(sent.ReportId, ReportAck.Stored, null));
        }
        AwaitAssert(() => Assert.Equal(0, new ReportSpool(_folder, 100).Count));
    }

    [Fact]
    public void A_rejected_report_is_dropped_so_the_next_one_goes()
    {
        var spool = new ReportSpool(_folder, 10);
        var rejected = ReportSpoolTests.Report(Samples.Now - 2000);
        var next = ReportSpoolTests.Report(Samples.Now - 1000);
        spool.Add(rejected);
        spool.Add(next);
        var link = CreateTestProbe();
        var reporter = Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromHours(1)), CreateTestProbe(), link));

        link.ExpectMsg<ReporterProtocol.SendReport>();
        link.Reply(new ReportAck(rejected.ReportId, ReportAck.Rejected, "clock skew"));

        Assert.Equal(next.ReportId, link.ExpectMsg<ReporterProtocol.SendReport>().Report.ReportId);
        reporter.Tell(ReporterProtocol.GetReporterStatus.Instance);
        Assert.Equal(1, ExpectMsg<ReporterProtocol.ReporterStatus>().Rejected);
    }

    [Fact]
    public void A_full_spool_drops_the_oldest_report_and_counts_it()
    {
        var link = CreateTestProbe();
        // A clock a second further on each time it is read, so each window holds exactly the sample sent for it.
        var clock = 1_000_000L;
        // One hour of one-hour reports: room for one report only.
        var reporter = Sys.ActorOf(Reporter.Props(Settings(TimeSpan.FromHours(1), TimeSpan.FromHours(1)), CreateTestProbe(), link,
            () => Interlocked.Add(ref clock, 1000)));
        reporter.Tell(new LocalBufferProtocol.BufferContents([Samples.At("", 1_001_500)]));
        var inFlight = link.ExpectMsg<ReporterProtocol.SendReport>().Report;

        reporter.Tell(new LocalBufferProtocol.BufferContents([Samples.At("", 1_002_500)]));

        AwaitAssert(() =>
        {
            reporter.Tell(ReporterProtocol.GetReporterStatus.Instance);
            var status = ExpectMsg<ReporterProtocol.ReporterStatus>();
            Assert.Equal((1, 1L), (status.Spooled, status.Dropped));
        });
        link.Reply(new ReporterProtocol.ReportNotSent(inFlight.ReportId, "down"));
        var next = link.ExpectMsg<ReporterProtocol.SendReport>(TimeSpan.FromSeconds(5)).Report;
        Assert.Equal(1_003_000, next.Time);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}

using Scout.Actors.AgentWire;
using Scout.Agent.Reporting;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Agent.Reporting;

public sealed class ReportSpoolTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scout-tests", "spool-" + Guid.NewGuid().ToString("N"));

    public static MinuteReport Report(long time) =>
        ReportBuilder.Build(ReportBuilder.NewId(time), time - 1000, time, 1000, [Samples.At("", time)])!;

    [Fact]
    public void Hands_out_reports_oldest_first()
    {
        var spool = new ReportSpool(_folder, 10);
        var second = Report(2_000);
        var first = Report(1_000);
        spool.Add(second);
        spool.Add(first);

        Assert.Equal(first.ReportId, spool.Oldest()!.ReportId);
        spool.Remove(first);
        Assert.Equal(second.ReportId, spool.Oldest()!.ReportId);
    }

    [Fact]
    public void A_new_instance_on_the_same_folder_finds_the_unsent_reports()
    {
        var reports = Enumerable.Range(1, 5).Select(i => Report(i * 1000L)).ToArray();
        var before = new ReportSpool(_folder, 10);
        foreach (var report in reports) before.Add(report);

        var after = new ReportSpool(_folder, 10);
        var replayed = new List<string>();
        while (after.Oldest() is { } next)
        {
            replayed.Add(next.ReportId);
            after.Remove(next);
        }

        Assert.Equal(reports.Select(r => r.ReportId), replayed);
    }

    [Fact]
    public void When_full_drops_the_oldest_and_counts_them()
    {
        var spool = new ReportSpool(_folder, 3);
        var reports = Enumerable.Range(1, 5).Select(i => Report(i * 1000L)).ToArray();

        var dropped = reports.Sum(spool.Add);

        Assert.Equal(2, dropped);
        Assert.Equal(2, spool.Dropped);
        Assert.Equal(3, spool.Count);
        Assert.Equal(reports[2].ReportId, spool.Oldest()!.ReportId);
    }

    [Fact]
    public void An_unreadable_file_is_removed_and_counted_instead_of_blocking_the_rest()
    {
        var spool = new ReportSpool(_folder, 10);
        var good = Report(2_000);
        spool.Add(good);
        File.WriteAllText(Path.Combine(_folder, "000000000000001-broken.report.json"), "{ not json");
        var reopened = new ReportSpool(_folder, 10);

        Assert.Equal(good.ReportId, reopened.Oldest()!.ReportId);
        Assert.Equal(1, reopened.Corrupt);
    }

    [Fact]
    public void The_default_spool_of_a_hostname_stays_inside_the_spool_folder()
    {
        var path = ReportSettings.DefaultSpoolPathFor("../../etc");

        Assert.Equal(ReportSettings.DefaultSpoolPath, Path.GetDirectoryName(path));
        Assert.Equal("______etc", Path.GetFileName(path));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}

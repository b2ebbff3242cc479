using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

public sealed class HistoryQueryTests
{
    [Fact]
    public void Seven_days_make_buckets_that_fit_a_thousand_points()
    {
        var week = (long)TimeSpan.FromDays(7).TotalMilliseconds;

        var bucket = HistoryEndpoints.BucketFor(0, week);

        Assert.True(week / bucket <= HistorySettings.MaxPoints);
        Assert.Equal(604_800, bucket);
    }

    [Fact]
    public void A_short_range_has_one_second_buckets() =>
        Assert.Equal(1000, HistoryEndpoints.BucketFor(0, 60_000));

    [Fact]
    public void Times_may_be_unix_milliseconds()
    {
        Assert.True(HistoryEndpoints.TryParseTime("1800000000000", out var ms, 0, "from", out _));
        Assert.Equal(1_800_000_000_000, ms);
    }

    [Fact]
    public void Times_may_be_iso_8601_and_without_an_offset_are_utc()
    {
        Assert.True(HistoryEndpoints.TryParseTime("2027-01-15T08:00:00", out var ms, 0, "from", out _));
        Assert.Equal(new DateTimeOffset(2027, 1, 15, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ms);
    }

    [Fact]
    public void A_time_that_is_neither_is_refused_with_its_name()
    {
        Assert.False(HistoryEndpoints.TryParseTime("yesterday", out _, 0, "from", out var error));
        Assert.Contains("from", error);
    }

    [Fact]
    public void Metrics_default_to_every_series_and_detail_and_unknown_names_are_refused()
    {
        Assert.True(HistoryEndpoints.TryParseMetrics(null, out var all, out var allDetails, out _));
        Assert.Equal(15, all.Count);
        Assert.Equal([HistoryEndpoints.CoresMetric, HistoryEndpoints.SnapshotMetric], allDetails.Order());
        Assert.True(HistoryEndpoints.TryParseMetrics("cpu.total, net.rx", out var two, out var none, out _));
        Assert.Equal(["cpu.total", "net.rx"], two.Select(s => s.Name));
        Assert.Empty(none);
        Assert.False(HistoryEndpoints.TryParseMetrics("cpu.bogus", out _, out _, out var error));
        Assert.Contains("cpu.bogus", error);
    }

    [Fact]
    public void Per_core_detail_is_asked_for_by_name_beside_column_series()
    {
        Assert.True(HistoryEndpoints.TryParseMetrics("cpu.user,cpu.cores,snapshot", out var series, out var details, out _));

        Assert.Equal(["cpu.user"], series.Select(s => s.Name));
        Assert.Equal([HistoryEndpoints.CoresMetric, HistoryEndpoints.SnapshotMetric], details.Order());
    }
}

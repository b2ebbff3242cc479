using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

public sealed class ServerLivenessTests
{
    [Fact]
    public void A_connected_agent_is_online_without_any_report() =>
        Assert.True(ServerLiveness.IsOnline(true, null, 1_000_000));

    [Fact]
    public void A_disconnected_server_with_a_report_within_three_intervals_is_online() =>
        Assert.True(ServerLiveness.IsOnline(false, (1_000_000 - 179_000, 60_000), 1_000_000));

    [Fact]
    public void A_disconnected_server_without_a_report_for_three_intervals_is_offline() =>
        Assert.False(ServerLiveness.IsOnline(false, (1_000_000 - 181_000, 60_000), 1_000_000));

    [Fact]
    public void A_disconnected_server_that_never_reported_is_offline() =>
        Assert.False(ServerLiveness.IsOnline(false, null, 1_000_000));

    [Fact]
    public void A_connected_server_was_last_seen_now() =>
        Assert.Equal(1_000_000, ServerLiveness.LastSeen(true, 10_000, (500_000, 60_000), 1_000_000));

    [Fact]
    public void A_report_after_the_last_connection_moves_last_seen() =>
        Assert.Equal(500_000, ServerLiveness.LastSeen(false, 10_000, (500_000, 60_000), 1_000_000));

    [Fact]
    public void A_server_that_never_reported_was_last_seen_at_its_last_connection() =>
        Assert.Equal(10_000, ServerLiveness.LastSeen(false, 10_000, null, 1_000_000));

    [Fact]
    public void A_new_connected_server_expects_its_first_report_one_default_interval_after_it_connected() =>
        Assert.Equal(45_000, ServerLiveness.NextReportInMs(true, 1_000_000, null, 1_015_000));

    [Fact]
    public void A_server_reporting_since_it_connected_expects_its_next_report_one_of_its_intervals_after_the_last() =>
        Assert.Equal(20_000, ServerLiveness.NextReportInMs(true, 1_000_000, (1_100_000, 30_000), 1_110_000));

    [Fact]
    public void A_report_overdue_reads_negative() =>
        Assert.Equal(-5_000, ServerLiveness.NextReportInMs(true, 1_000_000, (1_100_000, 30_000), 1_135_000));

    [Fact]
    public void A_disconnected_server_has_no_report_due() =>
        Assert.Null(ServerLiveness.NextReportInMs(false, 1_000_000, (1_100_000, 30_000), 1_110_000));
}

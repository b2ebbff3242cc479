using Scout.Actors.AgentWire;
using Scout.Tests.Agent.Reporting;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

public sealed class ReportValidationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private static readonly HistorySettings Settings = new();

    private static MinuteReport At(long time) => ReportSpoolTests.Report(time) with { ServerId = "s1" };

    [Fact]
    public void A_current_report_of_the_connections_server_is_accepted() =>
        Assert.Null(ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()), "s1", Now, Settings));

    [Fact]
    public void A_report_from_beyond_the_future_skew_limit_is_rejected_as_clock_skew()
    {
        var reason = ReportValidation.Check(At(Now.AddMinutes(10).ToUnixTimeMilliseconds()), "s1", Now, Settings);

        Assert.StartsWith("clock skew", reason);
    }

    [Fact]
    public void A_report_older_than_the_retention_is_rejected() =>
        Assert.Contains("retention", ReportValidation.Check(At(Now.AddDays(-31).ToUnixTimeMilliseconds()), "s1", Now, Settings));

    [Fact]
    public void A_report_a_few_days_old_from_a_spool_is_accepted() =>
        Assert.Null(ReportValidation.Check(At(Now.AddDays(-6).ToUnixTimeMilliseconds()), "s1", Now, Settings));

    [Fact]
    public void A_report_naming_another_server_is_rejected() =>
        Assert.Contains("another server", ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()), "s2", Now, Settings));

    [Fact]
    public void An_oversize_report_is_rejected()
    {
        var report = At(Now.ToUnixTimeMilliseconds());
        var huge = report with { Processes = Enumerable.Repeat(report.Processes[0], ReportValidation.MaxProcesses + 1).ToArray() };

        Assert.StartsWith("oversize", ReportValidation.Check(huge, "s1", Now, Settings));
    }

    [Fact]
    public void A_report_without_memory_figures_is_rejected_as_malformed() =>
        Assert.NotNull(ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()) with { MemoryUsed = null! }, "s1", Now, Settings));

    [Fact]
    public void A_report_id_with_other_characters_is_rejected() =>
        Assert.NotNull(ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()) with { ReportId = "../x" }, "s1", Now, Settings));
}

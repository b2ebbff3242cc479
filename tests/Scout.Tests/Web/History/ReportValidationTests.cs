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

    [Theory]
    [InlineData("user", 101)]
    [InlineData("system", -1)]
    [InlineData("iowait", 100.5)]
    public void A_cpu_share_outside_0_to_100_is_refused(string share, double max)
    {
        var report = At(Now.ToUnixTimeMilliseconds());
        var bad = new Stat(1, max);
        var with = share switch
        {
            "user" => report with { CpuUser = bad },
            "system" => report with { CpuSystem = bad },
            _ => report with { CpuIoWait = bad },
        };

        Assert.Equal("impossible value: cpu share outside 0-100", ReportValidation.Check(with, "s1", Now, Settings));
    }

    [Fact]
    public void Negative_cached_memory_is_refused() =>
        Assert.Equal("impossible value: negative memory, load or rate",
            ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()) with { MemoryCached = new Stat(-1, 5) }, "s1", Now, Settings));

    [Fact]
    public void A_cached_memory_figure_that_is_not_finite_is_refused() =>
        Assert.Equal("figures must be finite numbers",
            ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()) with { MemoryCached = new Stat(1, double.PositiveInfinity) }, "s1", Now, Settings));

    [Fact]
    public void A_filesystem_type_longer_than_the_text_bound_is_refused()
    {
        var report = At(Now.ToUnixTimeMilliseconds());
        var type = new string('x', ReportValidation.MaxTextLength + 1);

        Assert.StartsWith("impossible value: filesystem",
            ReportValidation.Check(report with { Filesystems = [new FilesystemUse("/", 10, 1, 1, type)] }, "s1", Now, Settings));
    }

    [Fact]
    public void A_core_without_a_name_is_refused() =>
        Assert.StartsWith("impossible value: core",
            ReportValidation.Check(At(Now.ToUnixTimeMilliseconds()) with { CpuCores = [new NamedStat(null!, 1, 1)] }, "s1", Now, Settings));

    [Fact]
    public void An_older_agents_report_without_the_newer_figures_is_accepted()
    {
        // The JSON an agent sent before cpu shares, cached memory and filesystem types were in the report.
        var current = At(Now.ToUnixTimeMilliseconds());
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(current, MetricsJson.Options))!.AsObject();
        foreach (var name in new[] { "cpuUser", "cpuSystem", "cpuIoWait", "memoryCached" }) Assert.True(json.Remove(name), name);
        foreach (var fs in json["filesystems"]!.AsArray()) fs!.AsObject().Remove("type");

        var old = System.Text.Json.JsonSerializer.Deserialize<MinuteReport>(json.ToJsonString(), MetricsJson.Options)!;

        Assert.Null(old.CpuUser);
        Assert.Null(old.MemoryCached);
        Assert.Null(old.Filesystems[0].Type);
        Assert.Null(ReportValidation.Check(old, "s1", Now, Settings));
    }
}

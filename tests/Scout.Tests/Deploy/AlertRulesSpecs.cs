using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Deploy;

/// <summary>deploy/prometheus's example alerting rules, as Prometheus' own checker reads them.</summary>
public sealed class AlertRulesSpecs
{
    [Fact]
    public async Task Promtool_check_rules_accepts_the_example_alerts()
    {
        var promtool = ExternalTools.Require("promtool", "prometheus");
        var rules = Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "prometheus", "scout-alerts.yml");

        var (code, stdout, stderr) = await ExternalTools.Run(promtool, ["check", "rules", rules], TimeSpan.FromSeconds(30));

        Assert.True(code == 0, $"promtool check rules exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains("SUCCESS: 8 rules found", stdout);
    }
}

using Scout.Tests.Agent.Reporting;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

public sealed class RetentionSpecs
{
    [Fact]
    public async Task The_node_prunes_reports_past_the_retention_in_the_background()
    {
        await using var node = new ScoutNodeFactory(RealtimeNode.Settings(
            ("Scout:History:Retention", "01:00:00"), ("Scout:History:PruneEvery", "00:00:01")));
        var account = await node.DemoAccountId();
        var server = await node.Service<ServerStore>().FindOrCreateAsync(account, "old-1");
        var old = ReportSpoolTests.Report(Samples.Now - 2 * 3_600_000);
        var recent = ReportSpoolTests.Report(Samples.Now - 60_000);
        await node.Service<ReportStore>().WriteAsync([(server.Id, old), (server.Id, recent)]);

        await Eventually.Holds(async () =>
        {
            await using var connection = await node.Service<ScoutDatabase>().OpenAsync();
            await using var command = connection.Command("SELECT report_id FROM reports WHERE server_id = @s;", null, ("@s", server.Id));
            Assert.Equal(recent.ReportId, (string?)await command.ExecuteScalarAsync());
            await using var count = connection.Command("SELECT COUNT(*) FROM reports WHERE server_id = @s;", null, ("@s", server.Id));
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }, TimeSpan.FromSeconds(15));
    }
}

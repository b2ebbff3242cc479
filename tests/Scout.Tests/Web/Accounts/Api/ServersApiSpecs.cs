using System.Net;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class ServersApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Fact]
    public async Task Lists_only_the_servers_of_the_callers_accounts()
    {
        var (mine, myAccount) = await node.OwnerAsync("mine@example.com", "Mine Co");
        var (_, theirAccount) = await node.OwnerAsync("theirs@example.com", "Theirs Co");
        var servers = node.Service<ServerStore>();
        var web = await servers.FindOrCreateAsync(myAccount, "web-1");
        await servers.FindOrCreateAsync(theirAccount, "their-secret-box");

        var response = await mine.GetAsync("/api/servers");
        var listed = Assert.Single((await response.JsonAsync()).EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(web.Id, listed.GetProperty("id").GetString());
        Assert.Equal("web-1", listed.GetProperty("hostname").GetString());
        Assert.Equal(myAccount, listed.GetProperty("accountId").GetString());
        Assert.Equal("Mine Co", listed.GetProperty("accountName").GetString());
        Assert.Equal(web.LastSeen, listed.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(web.FirstSeen, listed.GetProperty("firstSeen").GetDateTimeOffset());
    }

    [Fact]
    public async Task Servers_are_offline_until_the_cluster_reports_presence()
    {
        var (client, accountId) = await node.OwnerAsync("presence@example.com", "Presence Co");
        await node.Service<ServerStore>().FindOrCreateAsync(accountId, "db-1");

        var listed = Assert.Single((await (await client.GetAsync("/api/servers")).JsonAsync()).EnumerateArray());

        Assert.False(listed.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task A_server_says_whether_it_has_history_and_without_a_connected_agent_has_no_report_due()
    {
        var (client, accountId) = await node.OwnerAsync("history-flag@example.com", "History Flag Co");
        var servers = node.Service<ServerStore>();
        var fresh = await servers.FindOrCreateAsync(accountId, "fresh-1");
        var reported = await servers.FindOrCreateAsync(accountId, "reported-1");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await node.Service<Scout.Web.History.ReportStore>().WriteAsync([(reported.Id, Scout.Tests.Agent.Reporting.ReportSpoolTests.Report(now - 60_000))]);

        var listed = (await (await client.GetAsync("/api/servers")).JsonAsync()).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

        Assert.False(listed[fresh.Id].GetProperty("hasHistory").GetBoolean());
        Assert.True(listed[reported.Id].GetProperty("hasHistory").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed[fresh.Id].GetProperty("nextReportInMs").ValueKind);
    }
}

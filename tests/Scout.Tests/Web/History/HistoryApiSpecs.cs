using System.Net;
using System.Text.Json;
using Scout.Actors.AgentWire;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Web.Accounts.Api;
using Scout.Web.Accounts.Storage;
using Scout.Web.History;
using Xunit;

namespace Scout.Tests.Web.History;

public sealed class HistoryApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task<(HttpClient Client, string ServerId)> ServerWithReportsAsync(string name, params MinuteReport[] reports)
    {
        var (client, accountId) = await node.OwnerAsync($"{name}@example.com", $"{name} Co");
        var server = await node.Service<ServerStore>().FindOrCreateAsync(accountId, name + "-host");
        await node.Service<ReportStore>().WriteAsync(reports.Select(r => (server.Id, r)).ToArray());
        return (client, server.Id);
    }

    private static MinuteReport Cpu(long time, double value) => ReportSpoolTests.Report(time) with { CpuTotal = new Stat(value, value) };

    [Fact]
    public async Task Answers_the_contract_with_every_series_of_the_last_hour_by_default()
    {
        var now = Now;
        var (client, serverId) = await ServerWithReportsAsync("contract", Cpu(now - 2 * 3_600_000, 99), Cpu(now - 60_000, 42));

        var response = await client.GetAsync($"/api/servers/{serverId}/history");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(serverId, body.GetProperty("serverId").GetString());
        var from = body.GetProperty("from").GetInt64();
        var to = body.GetProperty("to").GetInt64();
        Assert.Equal(3_600_000, to - from);
        Assert.Equal(HistoryEndpoints.BucketFor(from, to), body.GetProperty("bucketMs").GetInt64());
        var series = body.GetProperty("series");
        Assert.Equal(HistorySeries.All.Select(s => s.Name), series.EnumerateObject().Select(p => p.Name));
        var point = Assert.Single(series.GetProperty("cpu.total").EnumerateArray()).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(4, point.Length);
        Assert.Equal([42.0, 42.0, 42.0], point[1..]);
        Assert.InRange(point[0], now - 60_000 - body.GetProperty("bucketMs").GetInt64(), now - 60_000);
    }

    [Fact]
    public async Task Takes_the_range_in_iso_8601_and_the_metrics_asked_for()
    {
        var (client, serverId) = await ServerWithReportsAsync("range",
            Cpu(Now - 3 * 86_400_000L, 1), Cpu(Now - 2 * 86_400_000L, 2), Cpu(Now - 86_400_000L, 3));
        var from = DateTimeOffset.UtcNow.AddDays(-2.5).ToString("O");
        var to = DateTimeOffset.UtcNow.AddDays(-1.5).ToString("O");

        var body = await (await client.GetAsync($"/api/servers/{serverId}/history?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&metrics=cpu.total,memory.used")).JsonAsync();

        var series = body.GetProperty("series");
        Assert.Equal(["cpu.total", "memory.used"], series.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, Assert.Single(series.GetProperty("cpu.total").EnumerateArray())[2].GetDouble());
    }

    [Fact]
    public async Task Answers_per_core_series_and_the_newest_reports_filesystems_and_processes_by_default()
    {
        var now = Now;
        var report = ReportSpoolTests.Report(now - 60_000) with
        {
            CpuCores = [new NamedStat("cpu1", 70, 95), new NamedStat("cpu0", 20, 30)],
            Filesystems = [new FilesystemUse("/data", 1000, 250, 300, "xfs")],
            Processes = [new ProcessStats(4242, "postgres", "postgres: checkpointer", "postgres", "S", 12.5, 1 << 20, 3)],
        };
        var (client, serverId) = await ServerWithReportsAsync("detail", report);

        var body = await (await client.GetAsync($"/api/servers/{serverId}/history")).JsonAsync();

        var cores = body.GetProperty("cores");
        Assert.Equal(["cpu0", "cpu1"], cores.EnumerateObject().Select(p => p.Name));
        Assert.Equal([70.0, 70.0, 95.0], Assert.Single(cores.GetProperty("cpu1").EnumerateArray()).EnumerateArray().Skip(1).Select(v => v.GetDouble()));
        Assert.True(body.GetProperty("coreBucketMs").GetInt64() >= body.GetProperty("bucketMs").GetInt64());
        var snapshot = body.GetProperty("snapshot");
        Assert.Equal(report.Time, snapshot.GetProperty("time").GetInt64());
        Assert.Equal("xfs", Assert.Single(snapshot.GetProperty("filesystems").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal("postgres: checkpointer", Assert.Single(snapshot.GetProperty("processes").EnumerateArray()).GetProperty("command").GetString());
    }

    [Fact]
    public async Task Another_accounts_server_is_not_found_exactly_like_an_unknown_one()
    {
        var (_, theirServer) = await ServerWithReportsAsync("victim", Cpu(Now - 60_000, 1));
        var (intruder, _) = await node.OwnerAsync("intruder@example.com", "Intruder Co");

        var theirs = await intruder.GetAsync($"/api/servers/{theirServer}/history");
        var unknown = await intruder.GetAsync("/api/servers/no-such-server/history");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.ErrorAsync(), await theirs.ErrorAsync());
    }

    [Fact]
    public async Task Without_a_login_the_history_is_refused()
    {
        var (_, serverId) = await ServerWithReportsAsync("anon", Cpu(Now - 60_000, 1));
        using var anonymous = node.CreatePortClient();

        var response = await anonymous.GetAsync($"/api/servers/{serverId}/history");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday", "from must be")]
    [InlineData("from=2000&to=1000", "from must be before to")]
    [InlineData("metrics=cpu.nope", "unknown metric")]
    public async Task Bad_parameters_get_a_clear_400(string query, string message)
    {
        var (client, serverId) = await ServerWithReportsAsync("bad" + Guid.NewGuid().ToString("N")[..6]);

        var response = await client.GetAsync($"/api/servers/{serverId}/history?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.ErrorAsync());
    }

    [Fact]
    public async Task A_server_without_a_connected_agent_is_online_while_its_reports_are_recent_and_offline_after_three_intervals()
    {
        var (client, serverId) = await ServerWithReportsAsync("liveness", ReportSpoolTests.Report(Now - 1000) with { IntervalMs = 60_000 });

        Assert.True(await OnlineAsync(client, serverId));

        // The report arrived (server clock) four of its one-minute intervals ago.
        await using (var connection = await node.Service<ScoutDatabase>().OpenAsync())
        await using (var age = connection.Command("UPDATE reports SET received = received - 240000 WHERE server_id = @s;", null, ("@s", serverId)))
            await age.ExecuteNonQueryAsync();

        Assert.False(await OnlineAsync(client, serverId));
    }

    private static async Task<bool> OnlineAsync(HttpClient client, string serverId)
    {
        var servers = await (await client.GetAsync("/api/servers")).JsonAsync();
        return servers.EnumerateArray().Single(s => s.GetProperty("id").GetString() == serverId).GetProperty("online").GetBoolean();
    }
}

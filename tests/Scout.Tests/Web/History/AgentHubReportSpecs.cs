using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;
using Scout.Tests.Agent.Reporting;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.History;

/// <summary>The agent hub's Report method on a real node, called by a SignalR client holding a real agent key.</summary>
public sealed class AgentHubReportSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());
    private HubConnection _hub = null!;
    private string _serverId = "";

    public async Task InitializeAsync()
    {
        var key = await _node.NewAgentKey(await _node.DemoAccountId());
        (_hub, _serverId) = await _node.HandMadeAgent(key, "hub-reports");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _node.DisposeAsync();
    }

    private Task<ReportAck> Send(MinuteReport report) => _hub.InvokeAsync<ReportAck>(AgentHubMethods.Report, report);

    private async Task<long> Rows()
    {
        await using var connection = await _node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command("SELECT COUNT(*) FROM reports WHERE server_id = @s;", null, ("@s", _serverId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_report_is_acknowledged_as_stored_and_its_replay_as_duplicate_without_a_second_row()
    {
        var report = ReportSpoolTests.Report(Samples.Now) with { ServerId = _serverId };

        var first = await Send(report);
        var replay = await Send(report);

        Assert.Equal((report.ReportId, ReportAck.Stored), (first.ReportId, first.Status));
        Assert.Equal(ReportAck.Duplicate, replay.Status);
        Assert.Equal(1, await Rows());
    }

    [Fact]
    public async Task A_report_from_an_hour_ahead_is_rejected_for_clock_skew_and_not_stored()
    {
        var ack = await Send(ReportSpoolTests.Report(Samples.Now + 3_600_000) with { ServerId = _serverId });

        Assert.Equal(ReportAck.Rejected, ack.Status);
        Assert.StartsWith("clock skew", ack.Reason);
        Assert.Equal(0, await Rows());
    }

    [Fact]
    public async Task A_report_claiming_another_server_is_rejected()
    {
        var ack = await Send(ReportSpoolTests.Report(Samples.Now) with { ServerId = "someone-elses-server" });

        Assert.Equal(ReportAck.Rejected, ack.Status);
        Assert.Equal(0, await Rows());
    }

    [Fact]
    public async Task A_malformed_report_is_an_error_and_the_connection_stays_usable()
    {
        await Assert.ThrowsAnyAsync<HubException>(() => _hub.InvokeAsync<ReportAck>(AgentHubMethods.Report, new { reportId = 42 }));

        var ack = await Send(ReportSpoolTests.Report(Samples.Now) with { ServerId = _serverId });
        Assert.Equal(ReportAck.Stored, ack.Status);
    }
}

using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>The browser hub attacked by a logged-in user of another account, or by a page of another site.</summary>
public sealed class MetricsHubAttackSpecs() : DemoNodeSpec(RealtimeNode.Settings(("Scout:Login:AttemptsPerMinute", "1000")))
{
    private const string Password = "password-123";

    [Fact]
    public async Task Ten_fresh_connections_share_one_budget_so_the_flood_is_refused_and_the_owners_stream_goes_on()
    {
        var (_, serverId) = await DemoAgent("hub-flood-host");
        var owner = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        await owner.StartRealtime(serverId);
        await Node.SignUp("hub-flooder@example.com", Password, "Hub Flooder");

        var (served, refused) = (0, 0);
        var started = DateTime.UtcNow;
        for (var c = 0; c < 10; c++)
        {
            await using var connection = await Node.Browser("hub-flooder@example.com", Password);
            for (var i = 0; i < 120; i++)
            {
                try
                {
                    await connection.StopRealtime("no-such-server");
                    served++;
                }
                catch (HubException e) when (e.Message.Contains(MetricsHub.TooMany))
                {
                    refused++;
                }
            }
        }
        var allowed = HubCallLimits.Capacity + HubCallLimits.PerSecond * (DateTime.UtcNow - started).TotalSeconds;

        Assert.InRange(served, HubCallLimits.Capacity, allowed);
        Assert.Equal(1200 - served, refused);
        var samples = await owner.NextSamples(2, within: TimeSpan.FromSeconds(15));
        Assert.True(samples[0].Time < samples[1].Time);
    }

    [Fact]
    public async Task Another_accounts_server_id_gets_not_found_or_not_allowed_and_its_stream_goes_on()
    {
        var (_, serverId) = await DemoAgent("hub-foreign-host");
        var owner = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        await owner.StartRealtime(serverId);
        await Node.SignUp("hub-stranger@example.com", Password, "Hub Stranger");
        var stranger = await Keep(Node.Browser("hub-stranger@example.com", Password));

        var start = await Assert.ThrowsAsync<HubException>(() => stranger.StartRealtime(serverId));
        await stranger.StopRealtime(serverId);

        Assert.Contains(MetricsHub.NotAllowed, start.Message);
        var samples = await owner.NextSamples(2, within: TimeSpan.FromSeconds(15));
        Assert.True(samples[0].Time < samples[1].Time);
        Assert.Equal(0, stranger.Samples.Reader.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../api/me")]
    [InlineData("\u0000")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task A_server_id_made_of_path_tricks_or_nothing_gets_not_found_or_not_allowed(string serverId)
    {
        var browser = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));

        var refused = await Assert.ThrowsAsync<HubException>(() => browser.StartRealtime(serverId));

        Assert.Contains(MetricsHub.NotAllowed, refused.Message);
    }

    [Fact]
    public async Task A_60_KB_server_id_closes_that_connection_only()
    {
        var (_, serverId) = await DemoAgent("hub-big-host");
        var owner = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        await owner.StartRealtime(serverId);
        var attacker = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));

        await Assert.ThrowsAnyAsync<Exception>(() => attacker.StartRealtime(new string('x', 60 * 1024)));

        await Scout.Tests.Support.Eventually.Holds(() => Assert.Equal(HubConnectionState.Disconnected, attacker.Hub.State));
        var samples = await owner.NextSamples(2, within: TimeSpan.FromSeconds(15));
        Assert.True(samples[0].Time < samples[1].Time);
    }

    [Fact]
    public async Task A_page_of_another_origin_cannot_open_the_hub_with_the_visitors_cookie()
    {
        var cookies = await DemoLogin();

        var (socket, connect) = HubSocket(cookies, HostileRequests.EvilOrigin);
        await Assert.ThrowsAsync<WebSocketException>(() => connect);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Node.Address, MetricsHub.Path), o => { o.Cookies = cookies; o.Headers["Origin"] = HostileRequests.EvilOrigin; })
            .Build();
        var negotiate = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        await hub.DisposeAsync();

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        socket.Dispose();
    }

    [Fact]
    public async Task The_same_hub_from_the_nodes_own_origin_opens()
    {
        var (socket, connect) = HubSocket(await DemoLogin(), Node.Address.GetLeftPart(UriPartial.Authority));
        using var _ = socket;

        await connect;

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
    }

    /// <summary>The demo owner's login cookie, as a browser holds it.</summary>
    private async Task<CookieContainer> DemoLogin()
    {
        var cookies = new CookieContainer();
        await (await Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword, cookies)).DisposeAsync();
        return cookies;
    }

    /// <summary>A raw WebSocket to the hub (no negotiate first), as a page at <paramref name="origin"/> opens it.</summary>
    private (ClientWebSocket Socket, Task Connect) HubSocket(CookieContainer cookies, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Cookie", cookies.GetCookieHeader(Node.Address));
        var ws = new UriBuilder(Node.Address) { Scheme = "ws", Path = MetricsHub.Path }.Uri;
        return (socket, socket.ConnectAsync(ws, CancellationToken.None));
    }
}

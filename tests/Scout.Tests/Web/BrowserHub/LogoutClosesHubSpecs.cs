using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>A logged-out login keeps no live stream: its open metrics-hub connections are closed.</summary>
public sealed class LogoutClosesHubSpecs : DemoNodeSpec
{
    [Fact]
    public async Task Logging_out_closes_the_logins_open_hub_connections_and_no_other()
    {
        var cookies = new CookieContainer();
        var tab = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword, cookies));
        var otherLogin = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = Node.Address };

        var logout = await http.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await Eventually.Holds(() => Assert.Equal(HubConnectionState.Disconnected, tab.Hub.State), TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, otherLogin.Hub.State);
    }
}

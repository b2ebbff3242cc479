using System.Net;
using Scout.Tests.Web;
using Scout.Tests.Web.Accounts.Api;
using Scout.Web.Accounts.Api;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>X-Forwarded-For is believed from configured proxies only: nobody else can choose their own address.</summary>
public sealed class ForwardedHeaderSpecs
{
    [Fact]
    public async Task A_client_that_is_not_a_known_proxy_cannot_buy_fresh_per_address_budgets_with_forged_headers()
    {
        using var node = new ScoutNodeFactory(new Dictionary<string, string?> { ["Scout:Login:AttemptsPerMinute"] = "3" });
        using var client = node.CreatePortClient();
        for (var i = 0; i < 3; i++)
            await client.SendAsync(HostileRequests.LoginJson($"forged{i}@example.com", "password-123").From($"198.51.100.{i}"));

        var response = await client.SendAsync(HostileRequests.LoginJson("forged9@example.com", "password-123").From("198.51.100.99"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(LoginAttempts.ThrottledMessage, await response.ErrorAsync());
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_client_address_has_its_own_budget()
    {
        using var node = new ScoutNodeFactory(new Dictionary<string, string?>
        {
            ["Scout:Login:AttemptsPerMinute"] = "3",
            ["Scout:Http:KnownProxies:0"] = "127.0.0.1",
        });
        using var proxy = node.CreatePortClient();
        for (var i = 0; i < 3; i++)
            await proxy.SendAsync(HostileRequests.LoginJson($"busy{i}@example.com", "password-123").From("198.51.100.1"));

        var busy = await proxy.SendAsync(HostileRequests.LoginJson("busy9@example.com", "password-123").From("198.51.100.1"));
        var other = await proxy.SendAsync(HostileRequests.LoginJson("calm@example.com", "password-123").From("198.51.100.2"));
        // An address one hop further left was named by the client itself, not the proxy: it is not believed.
        var spoofed = await proxy.SendAsync(HostileRequests.LoginJson("spoof@example.com", "password-123").From("198.51.100.77, 198.51.100.1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }
}

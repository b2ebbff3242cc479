using System.Net;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class RateLimitApiSpecs : IDisposable
{
    private readonly ScoutNodeFactory _node = new(new Dictionary<string, string?> { ["Scout:Login:AttemptsPerMinute"] = "3" });

    [Fact]
    public async Task Logins_beyond_the_limit_get_429_json()
    {
        using var client = _node.CreatePortClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync($"user{i}@example.com", "password-123")).StatusCode);
        }

        var response = await client.LoginAsync("user9@example.com", "password-123");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("too many attempts, try again in a minute", await response.ErrorAsync());
    }

    public void Dispose() => _node.Dispose();
}

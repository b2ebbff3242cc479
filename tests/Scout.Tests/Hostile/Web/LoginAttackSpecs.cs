using System.Net;
using Scout.Tests.Web.Accounts.Api;
using Scout.Web.Accounts.Api;
using Scout.Web.Security;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>Login used against its owner or against the node.</summary>
public sealed class LoginAttackSpecs(LoginAttackNode node) : IClassFixture<LoginAttackNode>
{
    private LoginLockouts Lockouts => node.Service<LoginLockouts>();

    [Fact]
    public async Task A_14_MB_email_is_refused_with_413_before_it_is_read_and_nothing_is_kept()
    {
        using var client = node.CreatePortClient();
        var before = Lockouts.Count;

        for (var i = 0; i < 20; i++)
        {
            var response = await client.SendAsync(HostileRequests.HugeLogin(14 * 1024 * 1024));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(RequestBodyLimit.TooLarge, await response.ErrorAsync());
        }

        Assert.Equal(before, Lockouts.Count);
        using var fresh = node.CreatePortClient();
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task An_email_longer_than_any_email_is_401_without_being_hashed_or_remembered()
    {
        using var client = node.CreatePortClient();
        var before = Lockouts.Count;

        var response = await client.LoginAsync(new string('x', 8000) + "@example.com", "password-123");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(LoginAttempts.InvalidMessage, await response.ErrorAsync());
        Assert.Equal(before, Lockouts.Count);
    }

    [Fact]
    public async Task An_attackers_failures_lock_out_only_the_attackers_address_never_the_owner()
    {
        var (owner, _) = await node.OwnerAsync("locked-owner@example.com", "Locked Owner Co");
        owner.Dispose();
        using var attacker = node.CreatePortClient();
        for (var i = 0; i < 3; i++)
            await attacker.SendAsync(HostileRequests.LoginJson("locked-owner@example.com", $"guess-{i}xx").From("203.0.113.66"));

        var refused = await attacker.SendAsync(HostileRequests.LoginJson("locked-owner@example.com", "password-123").From("203.0.113.66"));
        using var ownerAgain = node.CreatePortClient();
        var ownerLogin = await ownerAgain.SendAsync(HostileRequests.LoginJson("locked-owner@example.com", "password-123").From("198.51.100.20"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("too many failed logins for this account from your address; try again in 1 s", await refused.ErrorAsync());
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, ownerLogin.StatusCode);
    }

    [Fact]
    public async Task Failures_for_thousands_of_emails_keep_at_most_the_configured_pairs_in_memory()
    {
        using var client = node.CreatePortClient();

        for (var i = 0; i < 300; i++)
        {
            var response = await client.SendAsync(HostileRequests.LoginJson($"spray-{i}-{new string('s', 200)}@example.com", "password-123")
                .From($"203.0.113.{i % 250}"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.InRange(Lockouts.Count, 1, 50);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("""{"email":12345,"password":"password-123"}""", 400, "malformed JSON body")]
    [InlineData("{\"email\":\"a@b.c\",\"password\":\"password-123\"", 400, "malformed JSON body")]
    [InlineData("null", 400, "expected a JSON object")]
    public async Task A_login_body_that_is_not_the_expected_json_gets_a_json_400(string body, int status, string error)
    {
        using var client = node.CreatePortClient();

        var response = await client.PostAsync("/api/login", HostileRequests.Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, await response.ErrorAsync());
    }

    [Fact]
    public async Task Json_nested_ten_thousand_deep_is_a_400_not_a_stack_overflow()
    {
        using var client = node.CreatePortClient();
        var deep = new string('[', 5000) + new string(']', 5000);

        var response = await client.PostAsync("/api/login", HostileRequests.Json(deep));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed JSON body", await response.ErrorAsync());
    }

    [Fact]
    public async Task A_login_sent_as_text_plain_like_a_cross_site_form_gets_415()
    {
        using var client = node.CreatePortClient();

        var response = await client.PostAsync("/api/login",
            new StringContent("""{"email":"demo@localhost","password":"x"}""", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("expected a JSON body (Content-Type: application/json)", await response.ErrorAsync());
    }

    [Fact]
    public async Task A_cookie_planted_before_login_is_replaced_and_still_belongs_to_the_attacker()
    {
        var planted = await node.SignedUpCookie("fixation-attacker@example.com", "Fixation Attacker");
        (await node.OwnerAsync("fixation-victim@example.com", "Fixation Victim")).Client.Dispose();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.Address };

        var login = await client.SendAsync(HostileRequests.LoginJson("fixation-victim@example.com", "password-123").WithCookie(planted));
        var issued = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scout.auth=")).Split(';')[0];
        var plantedNow = await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/me").WithCookie(planted))).JsonAsync();
        var victimNow = await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/me").WithCookie(issued))).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotEqual(planted, issued);
        Assert.Equal("fixation-attacker@example.com", plantedNow.GetProperty("email").GetString());
        Assert.Equal("fixation-victim@example.com", victimNow.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_cookie_replayed_after_logout_gets_401_on_the_api_and_the_hub()
    {
        var copy = await node.SignedUpCookie("replay@example.com", "Replay Co");
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.Address };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HostileRequests.Post("/api/logout").WithCookie(copy))).StatusCode);

        var me = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/me").WithCookie(copy));
        var negotiate = await client.SendAsync(HostileRequests.Post("/hubs/metrics/negotiate?negotiateVersion=1").WithCookie(copy));

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }
}

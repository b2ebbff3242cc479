using System.Net;
using Scout.Web.Auth;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class LoginApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Fact]
    public async Task Signup_then_login_then_me_shows_the_users_account()
    {
        using var signup = node.CreatePortClient();
        var created = await signup.SignupAsync("flow@example.com", "password-123", "Flow Co");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var browser = node.CreatePortClient();
        var login = await browser.LoginAsync("FLOW@example.com", "password-123");
        var me = await (await browser.GetAsync("/api/me")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("flow@example.com", me.GetProperty("email").GetString());
        var account = Assert.Single(me.GetProperty("accounts").EnumerateArray());
        Assert.Equal(("Flow Co", "owner"), (account.GetProperty("name").GetString(), account.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        using var client = node.CreatePortClient();
        await client.SignupAsync("known@example.com", "password-123", "Known Co");

        var wrong = await client.LoginAsync("known@example.com", "password-999");
        var unknown = await client.LoginAsync("unknown@example.com", "password-123");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, unknown.StatusCode));
        Assert.Equal("invalid email or password", await wrong.ErrorAsync());
        Assert.Equal("invalid email or password", await unknown.ErrorAsync());
    }

    [Fact]
    public async Task An_api_call_without_login_gets_401_json_not_a_redirect()
    {
        using var client = node.CreatePortClient();

        var response = await client.GetAsync("/api/servers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("not logged in", await response.ErrorAsync());
    }

    [Fact]
    public async Task A_page_without_login_redirects_to_the_login_form_with_return_url()
    {
        using var client = node.CreatePortClient();

        var response = await client.GetAsync(TestNode.PagePath + "?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Ftest%2Fpage%3Fx%3D1", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task The_login_form_logs_in_and_redirects_to_a_local_return_url()
    {
        using var client = node.CreatePortClient();
        await client.SignupAsync("form@example.com", "password-123", "Form Co");
        using var browser = node.CreatePortClient();

        var form = await browser.GetStringAsync("/login?returnUrl=%2Fservers");
        var response = await browser.PostLoginFormAsync(new Dictionary<string, string>
        {
            ["email"] = "form@example.com", ["password"] = "password-123", ["returnUrl"] = "/servers",
        });

        Assert.Contains("""name="returnUrl" value="/servers""", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/servers", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_login_form_never_redirects_to_another_host()
    {
        using var client = node.CreatePortClient();
        await client.SignupAsync("evil@example.com", "password-123", "Evil Co");

        var response = await client.PostLoginFormAsync(new Dictionary<string, string>
        {
            ["email"] = "evil@example.com", ["password"] = "password-123", ["returnUrl"] = "//attacker.example/",
        });

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_on_the_form_shows_the_form_again_with_401()
    {
        using var client = node.CreatePortClient();

        var response = await client.PostLoginFormAsync(new Dictionary<string, string>
        {
            ["email"] = "nobody@example.com", ["password"] = "password-123",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid email or password", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var client = node.CreatePortClient();
        await client.SignupAsync("bye@example.com", "password-123", "Bye Co");

        var logout = await client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_login_for_every_copy_of_its_cookie()
    {
        using var client = node.CreatePortClient();
        var signup = await client.SignupAsync("copied@example.com", "password-123", "Copied Co");
        var cookie = signup.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserCookie.Name + "=")).Split(';')[0];
        // Another client presenting the same cookie: a copy kept by someone else, or replayed.
        using var copy = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.Address };
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/me")).StatusCode);

        await client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logging_out_one_login_leaves_another_login_of_the_same_user_alone()
    {
        using var laptop = node.CreatePortClient();
        using var phone = node.CreatePortClient();
        await laptop.SignupAsync("two-devices@example.com", "password-123", "Two Devices Co");
        await phone.LoginAsync("two-devices@example.com", "password-123");

        await laptop.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_demo_owner_can_log_in_with_the_configured_password()
    {
        using var client = node.CreatePortClient();

        var response = await client.LoginAsync("demo@localhost", ScoutNodeFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_cookie_is_http_only_and_same_site_lax()
    {
        using var client = node.CreatePortClient();

        var response = await client.SignupAsync("cookie@example.com", "password-123", "Cookie Co");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("scout.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

using System.Net;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.Accounts.Api;
using Scout.Web.Security;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>What every answer tells the browser, and requests no browser would send.</summary>
public sealed class HeaderSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Theory]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/signup", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.Redirect)]
    [InlineData("/js/server.js", HttpStatusCode.OK)]
    [InlineData("/api/me", HttpStatusCode.Unauthorized)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    public async Task Every_answer_forbids_framing_sniffing_foreign_scripts_and_referers(string path, HttpStatusCode status)
    {
        using var client = node.CreatePortClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS means nothing over plain http");
    }

    [Fact]
    public async Task A_64_KB_header_gets_431_and_the_node_answers_the_next_request()
    {
        using var client = node.CreatePortClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("X-Junk", new string('j', 64 * 1024));

        var response = await client.SendAsync(request);
        using var next = node.CreatePortClient();

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("/css/..%2f..%2fappsettings.json")]
    [InlineData("/..%2fappsettings.json")]
    [InlineData("/js/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/Scout.Web.dll")]
    [InlineData("/data/scout.db")]
    public async Task Path_tricks_reach_no_file_outside_the_web_root(string path)
    {
        using var client = node.CreatePortClient();

        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("\"Scout\"", body);
    }

    [Fact]
    public async Task A_one_megabyte_signup_is_413_while_it_arrives()
    {
        using var client = node.CreatePortClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/signup")
        {
            Content = HostileRequests.Json($$"""{"email":"big@example.com","password":"password-123","account":"{{new string('a', 1 << 20)}}"}"""),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(RequestBodyLimit.TooLarge, await response.ErrorAsync());
    }
}

/// <summary>A node serving HTTPS with the certificate in its settings.</summary>
public sealed class HttpsSpecs : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task Over_https_the_login_cookie_is_secure_and_hsts_is_sent()
    {
        using var node = new ScoutNodeFactory(new Dictionary<string, string?>
        {
            ["Scout:Http:Certificate:Path"] = _certificates.SelfSigned,
            ["Scout:Http:Certificate:Password"] = TestCertificates.Password,
        }, https: true);
        node.Start();
        using var client = new HttpClient(new HttpClientHandler
        {
            // The test's own throw-away certificate; what matters is that the node serves TLS with it.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=node-a",
        }) { BaseAddress = node.Address };

        var login = await client.PostAsync("/api/login", HostileRequests.Json(
            $$"""{"email":"demo@localhost","password":"{{ScoutNodeFactory.DemoPassword}}"}"""));

        Assert.Equal("https", node.Address.Scheme);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("secure", login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scout.auth=")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000", login.Headers.GetValues("Strict-Transport-Security").Single());
    }

    public void Dispose() => _certificates.Dispose();
}

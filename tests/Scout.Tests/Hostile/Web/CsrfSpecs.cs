using System.Net;
using Scout.Tests.Web;
using Scout.Tests.Web.Accounts.Api;
using Scout.Web.Accounts.Api;
using Scout.Web.Accounts.Keys;
using Scout.Web.Security;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>Another site making a logged-in owner's browser change things on the node.</summary>
public sealed class CsrfSpecs(Scout.Tests.Web.Accounts.Api.TestNode node) : IClassFixture<Scout.Tests.Web.Accounts.Api.TestNode>
{
    private async Task<int> KeyCount(string accountId) => (await node.Service<AgentKeyStore>().ListAsync(accountId)).Count;

    [Fact]
    public async Task A_get_of_the_old_key_url_from_a_link_or_image_tag_mints_no_key()
    {
        var (owner, accountId) = await node.OwnerAsync("csrf-get@example.com", "Csrf Get Co");
        var before = await KeyCount(accountId);

        var response = await owner.GetAsync("/api/account/agent-key");
        var listed = await owner.GetAsync("/api/account/agent-keys");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(before, await KeyCount(accountId));
    }

    [Theory]
    [InlineData("/api/account/agent-keys")]
    [InlineData("/api/logout")]
    [InlineData("/api/login")]
    [InlineData("/api/signup")]
    [InlineData("/login")]
    public async Task A_post_with_the_owners_cookie_from_another_origin_gets_403(string path)
    {
        var (owner, accountId) = await node.OwnerAsync($"csrf{path.Replace('/', '-')}@example.com", $"Csrf {path}");
        var before = await KeyCount(accountId);

        var response = await owner.SendAsync(HostileRequests.Post(path, origin: HostileRequests.EvilOrigin,
            content: HostileRequests.Json("""{"email":"csrf@example.com","password":"password-123","account":"X"}""")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OriginCheck.Refused, await response.ErrorAsync());
        Assert.Equal(before, await KeyCount(accountId));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_delete_does_not_revoke_the_key()
    {
        var (owner, accountId) = await node.OwnerAsync("csrf-delete@example.com", "Csrf Delete Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "victim key");

        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/account/agent-keys/{issued.KeyId}");
        request.Headers.TryAddWithoutValidation("Origin", HostileRequests.EvilOrigin);
        var response = await owner.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await node.Service<AgentKeyStore>().VerifyAsync(issued.Key));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData(null, "https://evil.example/page")]
    [InlineData("http://127.0.0.1.evil.example", null)]
    public async Task An_opaque_origin_a_foreign_referer_or_a_look_alike_host_is_refused(string? origin, string? referer)
    {
        var (owner, accountId) = await node.OwnerAsync($"csrf-{Guid.NewGuid():N}@example.com", $"Csrf {Guid.NewGuid():N}");
        var before = await KeyCount(accountId);

        var response = await owner.SendAsync(HostileRequests.Post("/api/account/agent-keys", origin, referer));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await KeyCount(accountId));
    }

    [Fact]
    public async Task The_nodes_own_origin_and_its_localhost_alias_may_create_keys()
    {
        var (owner, accountId) = await node.OwnerAsync("csrf-own@example.com", "Csrf Own Co");
        var own = node.Address.GetLeftPart(UriPartial.Authority);
        var alias = $"http://localhost:{node.Address.Port}";

        var fromOwn = await owner.SendAsync(HostileRequests.Post("/api/account/agent-keys", own));
        var fromAlias = await owner.SendAsync(HostileRequests.Post("/api/account/agent-keys", alias));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fromOwn.StatusCode, fromAlias.StatusCode));
        Assert.Equal(2, await KeyCount(accountId));
    }

    [Fact]
    public async Task A_login_form_posted_without_the_forms_token_is_refused_so_nobody_logs_a_visitor_in_as_themselves()
    {
        await node.OwnerAsync("csrf-form@example.com", "Csrf Form Co");
        using var visitor = node.CreatePortClient();

        var response = await visitor.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "csrf-form@example.com", ["password"] = "password-123",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the form expired; please try again", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync("/api/me")).StatusCode);
    }
}

/// <summary>With Scout:Http:PublicOrigins set, only those origins count, not whatever address the node listens on.</summary>
public sealed class ConfiguredOriginSpecs
{
    [Fact]
    public async Task Only_the_configured_public_origin_may_post()
    {
        using var node = new ScoutNodeFactory(new Dictionary<string, string?> { ["Scout:Http:PublicOrigins:0"] = "https://scout.example.com" });
        using var client = node.CreatePortClient();
        var login = new { email = Scout.Web.Accounts.Seeding.DemoSeeding.DemoEmail, password = ScoutNodeFactory.DemoPassword };

        var direct = await client.SendAsync(HostileRequests.Post("/api/login", node.Address.GetLeftPart(UriPartial.Authority),
            content: System.Net.Http.Json.JsonContent.Create(login)));
        var viaPublic = await client.SendAsync(HostileRequests.Post("/api/login", "https://scout.example.com",
            content: System.Net.Http.Json.JsonContent.Create(login)));

        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaPublic.StatusCode);
    }
}

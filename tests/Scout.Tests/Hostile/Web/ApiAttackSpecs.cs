using System.Net;
using System.Net.Http.Headers;
using Scout.Tests.Web.Accounts.Api;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Hostile.Web;

/// <summary>The JSON API called by a logged-in user of another account, or with the wrong kind of credential.</summary>
public sealed class ApiAttackSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Fact]
    public async Task The_history_of_another_accounts_server_is_404_like_an_unknown_id()
    {
        var victim = await node.SignUp("api-victim@example.com", "password-123", "Api Victim");
        var server = await node.Service<ServerStore>().FindOrCreateAsync(victim, "victim-db-1");
        var (intruder, _) = await node.OwnerAsync("api-intruder@example.com", "Api Intruder");

        var foreign = await intruder.GetAsync($"/api/servers/{server.Id}/history");
        var unknown = await intruder.GetAsync("/api/servers/AAAAAAAAAAAA/history");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.StatusCode, unknown.StatusCode));
        Assert.Equal(("server not found", "server not found"), (await foreign.ErrorAsync(), await unknown.ErrorAsync()));
    }

    [Fact]
    public async Task Kilobytes_of_junk_in_a_history_query_get_a_400_that_repeats_only_40_characters()
    {
        var (owner, accountId) = await node.OwnerAsync("api-junk@example.com", "Api Junk");
        var server = await node.Service<ServerStore>().FindOrCreateAsync(accountId, "junk-host");
        var junk = new string('z', 6000);

        var response = await owner.GetAsync($"/api/servers/{server.Id}/history?from={Uri.EscapeDataString(junk)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"from must be Unix milliseconds or an ISO 8601 time, got '{new string('z', 40)}…'", await response.ErrorAsync());
    }

    [Fact]
    public async Task Deleting_another_accounts_key_by_its_id_is_404_and_the_key_keeps_working()
    {
        var victim = await node.SignUp("key-victim@example.com", "password-123", "Key Victim");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(victim, "victim's agent");
        var (intruder, _) = await node.OwnerAsync("key-intruder@example.com", "Key Intruder");

        var response = await intruder.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}");
        var named = await intruder.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}?account={victim}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("agent key not found", await response.ErrorAsync());
        Assert.Equal(HttpStatusCode.Forbidden, named.StatusCode);
        Assert.NotNull(await node.Service<AgentKeyStore>().VerifyAsync(issued.Key));
    }

    [Fact]
    public async Task An_agent_key_opens_no_browser_api_and_a_browser_cookie_opens_no_agent_hub()
    {
        var (owner, accountId) = await node.OwnerAsync("api-mixup@example.com", "Api Mixup");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "agent");
        using var agent = node.CreatePortClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);

        var asBrowser = await agent.GetAsync("/api/servers");
        var asAgent = await owner.PostAsync("/hubs/agent/negotiate?negotiateVersion=1&hostname=cookie-host", null);

        Assert.Equal(HttpStatusCode.Unauthorized, asBrowser.StatusCode);
        Assert.Equal("not logged in", await asBrowser.ErrorAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, asAgent.StatusCode);
        Assert.Equal("agent key required", await asAgent.ErrorAsync());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_the_agent_hubs_door()
    {
        var (owner, accountId) = await node.OwnerAsync("api-revoked@example.com", "Api Revoked");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "soon revoked");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}")).StatusCode);
        using var agent = node.CreatePortClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);

        var response = await agent.PostAsync("/hubs/agent/negotiate?negotiateVersion=1&hostname=revoked-host", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid or revoked agent key", await response.ErrorAsync());
    }
}

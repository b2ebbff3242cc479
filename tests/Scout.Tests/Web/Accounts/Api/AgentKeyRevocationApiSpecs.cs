using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class AgentKeyRevocationApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Fact]
    public async Task An_owner_lists_the_accounts_keys_without_their_secrets()
    {
        var (owner, accountId) = await node.OwnerAsync("list-keys@example.com", "List Keys Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "web-1");

        var response = await owner.GetAsync("/api/account/agent-keys");
        var text = await response.Content.ReadAsStringAsync();
        var keys = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = Assert.Single(keys, k => k.GetProperty("id").GetString() == issued.KeyId);
        Assert.Equal("web-1", listed.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revoked").ValueKind);
        Assert.DoesNotContain(issued.Key, text);
    }

    [Fact]
    public async Task An_owner_revokes_a_key_and_it_is_refused_from_then_on()
    {
        var (owner, accountId) = await node.OwnerAsync("revoke-keys@example.com", "Revoke Keys Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "web-2");

        var response = await owner.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}");
        var again = await owner.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var agent = node.CreatePortClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync(TestNode.AgentPath)).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_key_cannot_be_revoked_and_stays_valid()
    {
        var (_, victim) = await node.OwnerAsync("key-victim@example.com", "Key Victim Co");
        var (intruder, _) = await node.OwnerAsync("key-intruder@example.com", "Key Intruder Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(victim, "web-3");

        var response = await intruder.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(await node.Service<AgentKeyStore>().VerifyAsync(issued.Key));
    }

    [Fact]
    public async Task A_member_who_is_not_owner_cannot_list_or_revoke()
    {
        var (_, accountId) = await node.OwnerAsync("keys-boss@example.com", "Keys Boss Co");
        var accounts = node.Service<AccountStore>();
        var member = (await accounts.CreateUserAsync("keys-staff@example.com", "password-123"))!;
        await accounts.AddMembershipAsync(accountId, member.Id, AccountRole.Member);
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "web-4");
        using var client = node.CreatePortClient();
        await client.LoginAsync("keys-staff@example.com", "password-123");

        var list = await client.GetAsync($"/api/account/agent-keys?account={accountId}");
        var revoke = await client.DeleteAsync($"/api/account/agent-keys/{issued.KeyId}?account={accountId}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (list.StatusCode, revoke.StatusCode));
        Assert.NotNull(await node.Service<AgentKeyStore>().VerifyAsync(issued.Key));
    }
}

using System.Net;
using System.Net.Http.Headers;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class AgentKeyApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Fact]
    public async Task An_owner_gets_a_working_key_and_the_agent_command()
    {
        var (owner, accountId) = await node.OwnerAsync("keys@example.com", "Keys Co");

        var response = await owner.PostAsync("/api/account/agent-keys", null);
        var body = await response.JsonAsync();
        var key = body.GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(accountId, (await node.Service<AgentKeyStore>().VerifyAsync(key))?.AccountId);
        Assert.Equal(
            $"dotnet run --project src/Scout.Agent -- --server {node.Address.GetLeftPart(UriPartial.Authority)} --key {key}",
            body.GetProperty("command").GetString());
        Assert.Equal(
            $"curl -fsSL {node.Address.GetLeftPart(UriPartial.Authority)}/downloads/install-agent.sh | sudo sh -s -- --server {node.Address.GetLeftPart(UriPartial.Authority)} --key {key}",
            body.GetProperty("installCommand").GetString());
    }

    [Fact]
    public async Task A_member_who_is_not_owner_gets_403()
    {
        var (_, accountId) = await node.OwnerAsync("boss@example.com", "Boss Co");
        var accounts = node.Service<AccountStore>();
        var member = (await accounts.CreateUserAsync("staff@example.com", "password-123"))!;
        await accounts.AddMembershipAsync(accountId, member.Id, AccountRole.Member);
        using var client = node.CreatePortClient();
        await client.LoginAsync("staff@example.com", "password-123");

        var response = await client.PostAsync($"/api/account/agent-keys?account={accountId}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("only an owner of the account can create agent keys", await response.ErrorAsync());
    }

    [Fact]
    public async Task An_owner_of_another_account_gets_403()
    {
        var (_, victim) = await node.OwnerAsync("victim@example.com", "Victim Co");
        var (intruder, _) = await node.OwnerAsync("intruder@example.com", "Intruder Co");

        var response = await intruder.PostAsync($"/api/account/agent-keys?account={victim}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_bearer_agent_key_authenticates_as_its_account()
    {
        var (_, accountId) = await node.OwnerAsync("bearer@example.com", "Bearer Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "test");
        using var agent = node.CreatePortClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);

        var response = await agent.GetAsync(TestNode.AgentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(accountId, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_access_token_query_authenticates_on_hub_paths()
    {
        var (_, accountId) = await node.OwnerAsync("query@example.com", "Query Co");
        var issued = await node.Service<AgentKeyStore>().CreateAsync(accountId, "test");
        using var agent = node.CreatePortClient();

        var response = await agent.GetAsync($"{TestNode.AgentPath}?access_token={issued.Key}");

        Assert.Equal(accountId, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_agent_key_gets_401()
    {
        var (_, accountId) = await node.OwnerAsync("revoked@example.com", "Revoked Co");
        var keys = node.Service<AgentKeyStore>();
        var issued = await keys.CreateAsync(accountId, "test");
        await keys.RevokeAsync(accountId, issued.KeyId);
        using var agent = node.CreatePortClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);

        var response = await agent.GetAsync(TestNode.AgentPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid or revoked agent key", await response.ErrorAsync());
    }

    [Fact]
    public async Task A_missing_agent_key_gets_401()
    {
        using var agent = node.CreatePortClient();

        var response = await agent.GetAsync(TestNode.AgentPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("agent key required", await response.ErrorAsync());
    }
}

using System.Text.Json;
using Scout.Ops;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>scout-ops against a real in-process node over real remoting: cluster, accounts, users, keys, actor tree.</summary>
public sealed class OpsNodeSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings());

    public Task InitializeAsync()
    {
        _node.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Cluster_show_lists_the_node_as_an_up_leader()
    {
        var address = _node.RemotingAddress();

        var table = await _node.Ops("cluster", "show");
        var json = await _node.Ops("cluster", "show", "--json");

        Assert.Equal(ExitCodes.Done, table.Code);
        Assert.Matches($@"akka\.tcp://scout@{address.Replace(".", @"\.")}\s+-\s+Up\s+yes\s+\*", table.Out);
        Assert.Contains("1 member(s)", table.Out);
        using var doc = JsonDocument.Parse(json.Out);
        var member = Assert.Single(doc.RootElement.GetProperty("members").EnumerateArray());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.True(member.GetProperty("leader").GetBoolean());
        Assert.Equal(member.GetProperty("address").GetString(), doc.RootElement.GetProperty("leader").GetString());
    }

    [Fact]
    public async Task Cluster_down_of_a_stranger_address_is_refused_with_exit_4()
    {
        var result = await _node.Ops("cluster", "down", "akka.tcp://scout@127.0.0.1:1");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("not a member", result.Error);
    }

    [Fact]
    public async Task An_account_created_by_the_console_is_listed_in_table_and_json()
    {
        var created = await _node.Ops("accounts", "create", "Ops Made");
        var table = await _node.Ops("accounts", "list");
        var json = await _node.Ops("accounts", "list", "--json");

        Assert.Equal(ExitCodes.Done, created.Code);
        Assert.Contains("created account Ops Made", created.Out);
        Assert.Matches(@"\w{12}\s+Ops Made\s+\d{4}-\d\d-\d\d", table.Out);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Contains(doc.RootElement.EnumerateArray(), a => a.GetProperty("name").GetString() == "Ops Made");
        Assert.Contains(doc.RootElement.EnumerateArray(), a => a.GetProperty("name").GetString() == "Demo");
    }

    [Fact]
    public async Task A_taken_account_name_is_refused_with_exit_4()
    {
        var result = await _node.Ops("accounts", "create", "Demo");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("account name taken", result.Error);
    }

    [Fact]
    public async Task A_user_added_with_the_password_from_stdin_can_sign_in_as_a_member()
    {
        var result = await _node.OpsWithInput("ops-secret-password\n", "users", "add", "--account", "Demo", "--email", "Op@Example.com");

        Assert.Equal(ExitCodes.Done, result.Code);
        Assert.DoesNotContain("ops-secret-password", result.Out + result.Error);
        var store = _node.Service<AccountStore>();
        var user = await store.VerifyCredentialsAsync("op@example.com", "ops-secret-password");
        Assert.NotNull(user);
        var demo = await store.FindAccountByNameAsync("Demo");
        Assert.Equal(AccountRole.Member, await store.GetRoleAsync(demo!.Id, user!.Id));
    }

    [Fact]
    public async Task An_existing_user_is_added_to_another_account_keeping_their_own_password()
    {
        await _node.Ops("accounts", "create", "Acme");

        var added = await _node.OpsWithInput("not-the-users-password\n", "users", "add", "--account", "Acme", "--email", "Demo@Localhost");
        var again = await _node.OpsWithInput("not-the-users-password\n", "users", "add", "--account", "Acme", "--email", "demo@localhost");

        Assert.Equal(ExitCodes.Done, added.Code);
        Assert.Contains("added existing user demo@localhost to Acme as a member; the password given was ignored", added.Out);
        var store = _node.Service<AccountStore>();
        var user = await store.VerifyCredentialsAsync("demo@localhost", ScoutNodeFactory.DemoPassword);
        Assert.NotNull(user);
        Assert.Null(await store.VerifyCredentialsAsync("demo@localhost", "not-the-users-password"));
        Assert.Equal(AccountRole.Member, await store.GetRoleAsync((await store.FindAccountByNameAsync("Acme"))!.Id, user!.Id));
        Assert.Equal(ExitCodes.Refused, again.Code);
        Assert.Contains("demo@localhost is already a member of Acme", again.Error);
    }

    [Fact]
    public async Task Adding_the_owner_to_their_own_account_is_refused_and_leaves_them_owner()
    {
        var result = await _node.OpsWithInput("whatever-password\n", "users", "add", "--account", "Demo", "--email", "demo@localhost");

        Assert.Equal(ExitCodes.Refused, result.Code);
        var store = _node.Service<AccountStore>();
        var user = await store.VerifyCredentialsAsync("demo@localhost", ScoutNodeFactory.DemoPassword);
        Assert.Equal(AccountRole.Owner, await store.GetRoleAsync((await store.FindAccountByNameAsync("Demo"))!.Id, user!.Id));
    }

    [Fact]
    public async Task Users_add_without_a_password_on_stdin_is_a_usage_error()
    {
        var result = await _node.OpsWithInput("", "users", "add", "--account", "Demo", "--email", "nopass@example.com");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("reads the password from stdin; got none", result.Error);
        Assert.Null(await _node.Service<AccountStore>().VerifyCredentialsAsync("nopass@example.com", ""));
    }

    [Fact]
    public async Task Users_add_to_an_unknown_account_is_refused_with_exit_4()
    {
        var result = await _node.OpsWithInput("ops-secret-password\n", "users", "add", "--account", "Nope", "--email", "x@example.com");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("unknown account: Nope", result.Error);
    }

    [Fact]
    public async Task A_key_created_by_the_console_authenticates_an_agent_until_revoked()
    {
        var created = await _node.Ops("keys", "create", "--account", "Demo");
        var lines = created.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keyId = lines[0].Split(' ')[1];
        var key = lines[1];
        var keys = _node.Service<AgentKeyStore>();
        Assert.Equal(ExitCodes.Done, created.Code);
        Assert.Equal(keyId, (await keys.VerifyAsync(key))?.KeyId);

        var revoked = await _node.Ops("keys", "revoke", keyId);
        var again = await _node.Ops("keys", "revoke", keyId);

        Assert.Equal(ExitCodes.Done, revoked.Code);
        Assert.Null(await keys.VerifyAsync(key));
        Assert.Equal(ExitCodes.Refused, again.Code);
    }

    [Fact]
    public async Task Actor_hierarchy_shows_the_nodes_own_actors_to_the_depth_asked()
    {
        var deep = await _node.Ops("actor", "hierarchy", "-s", "/user", "-d", "1");
        var shallow = await _node.Ops("actor", "hierarchy", "-d", "0");
        var json = await _node.Ops("actor", "hierarchy", "-s", "/user", "-d", "1", "--json");

        Assert.Equal(ExitCodes.Done, deep.Code);
        var lines = deep.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.Equal("/user", lines[0]);
        Assert.Contains("  agents", lines);
        Assert.Contains("  ops", lines);
        Assert.Contains("  signalr-bridge", lines);
        Assert.Equal("/", shallow.Out.Trim());
        using var tree = JsonDocument.Parse(json.Out);
        Assert.Equal("user", tree.RootElement.GetProperty("name").GetString());
        Assert.Equal("/user", tree.RootElement.GetProperty("path").GetString());
        var children = tree.RootElement.GetProperty("children").EnumerateArray().ToList();
        var ops = Assert.Single(children, c => c.GetProperty("name").GetString() == "ops");
        Assert.Equal("/user/ops", ops.GetProperty("path").GetString());
        Assert.Empty(ops.GetProperty("children").EnumerateArray()); // depth 1: the tree stops here
        Assert.Contains(children, c => c.GetProperty("path").GetString() == "/user/signalr-bridge");
    }

    [Fact]
    public async Task A_missing_actor_path_is_refused()
    {
        var result = await _node.Ops("actor", "hierarchy", "-s", "/user/nothing-here");

        Assert.Equal(ExitCodes.Refused, result.Code);
    }

    [Fact]
    public async Task Without_a_command_the_prompt_runs_each_line_and_reports_mistakes_without_leaving()
    {
        var result = await OpsRunner.Run("cluster show\nbogus\naccounts list\nexit\n", "--node", _node.RemotingAddress());

        Assert.Contains("scout> ", result.Out);
        Assert.Contains("1 member(s)", result.Out);
        Assert.Contains("unknown command: bogus", result.Error);
        Assert.Matches(@"\w{12}\s+Demo", result.Out);
    }

    [Fact]
    public async Task A_node_named_by_its_hostname_answers_though_it_advertises_its_address()
    {
        var port = _node.RemotingAddress().Split(':')[1];

        var result = await OpsRunner.Run("", "--node", $"localhost:{port}", "cluster", "show");

        Assert.True(result.Code == ExitCodes.Done, result.Error);
        Assert.Contains($"asked akka.tcp://scout@127.0.0.1:{port}", result.Out);
    }

    [Fact]
    public async Task The_prompt_names_the_node_it_connected_to_and_gives_each_command_its_own_wait()
    {
        var result = await OpsRunner.Run("cluster show\naccounts list\nexit\n", "--node", "127.0.0.1:1", "--node", _node.RemotingAddress());

        Assert.Contains($"scout-ops connected to {_node.RemotingAddress()};", result.Out);
        Assert.Contains("1 member(s)", result.Out);
        Assert.Matches(@"\w{12}\s+Demo", result.Out);
        Assert.Equal(ExitCodes.Done, result.Code);
    }
}

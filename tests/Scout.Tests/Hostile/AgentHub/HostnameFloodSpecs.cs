using Scout.Tests.Support;
using Scout.Web.Accounts.Storage;
using Scout.Web.Agents;
using Xunit;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>A node whose accounts may add 5 new servers at once, then 6 a minute.</summary>
public sealed class NewServerRateNode() : HostileAgentNode(("Scout:Agents:NewServerBurst", "5"), ("Scout:Agents:NewServersPerMinute", "6"));

/// <summary>
/// One key, many hostnames: an attacker holding one agent key cannot create servers without end. New hostnames
/// beyond the account's burst are refused with the reason and how long to wait; hostnames no agent may have are
/// refused before anything is stored; known hostnames still connect.
/// </summary>
public sealed class HostnameFloodSpecs(NewServerRateNode hostile) : IClassFixture<NewServerRateNode>
{
    private async Task<List<string>> AttackerHostnames()
    {
        await using var connection = await hostile.Node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command("SELECT hostname FROM servers WHERE account_id = @a;", null, ("@a", hostile.AttackerAccount));
        await using var reader = await command.ExecuteReaderAsync();
        var hostnames = new List<string>();
        while (await reader.ReadAsync())
            hostnames.Add(reader.GetString(0));
        return hostnames;
    }

    [Fact]
    public async Task Two_hundred_new_hostnames_at_once_create_only_the_burst_and_the_rest_are_told_to_wait()
    {
        var before = (await AttackerHostnames()).Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, $"flood-{i}")));

        var refusals = answers.OfType<Scout.Actors.AgentWire.AgentDirectives.Refused>().ToList();
        var created = (await AttackerHostnames()).Count - before;
        // Five at once; one more per 10 s while the 200 connections are made.
        Assert.InRange(created, 5, 7);
        Assert.Equal(200 - created, refusals.Count);
        Assert.All(refusals, r =>
        {
            Assert.Equal("too many new servers for this account (at most 5 at once, then 6 a minute); retry in 10 s", r.Reason);
            Assert.Equal(10_000, r.RetryAfterMs);
        });
        // Each kind of refusal is logged once per account, not per connection.
        await hostile.LoggedTimes("too many new servers for this account", 1);
        hostile.NoErrorsLogged();

        // A server the account already has still connects while new ones are refused.
        var known = (await AttackerHostnames()).First(h => h.StartsWith("flood-", StringComparison.Ordinal));
        Assert.Null(await RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, known));
        await hostile.OthersUndisturbed();
    }

    [Theory]
    [InlineData("wéb-1")]             // outside ASCII: looks like another name in a list
    [InlineData("web\u200b1")]        // a zero-width space
    [InlineData("web 1")]
    [InlineData("../../etc/passwd")]
    [InlineData("web-1\n")]
    [InlineData("-web")]
    [InlineData("")]
    public async Task A_hostname_no_agent_may_have_is_refused_with_the_rule_and_nothing_is_stored(string hostname)
    {
        var before = (await AttackerHostnames()).Count;

        var refused = await RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, hostname);

        Assert.Equal(AgentAdmission.InvalidHostname, refused?.Reason);
        Assert.Equal((int)AgentAdmission.PermanentRetry.TotalMilliseconds, refused!.RetryAfterMs);
        Assert.Equal(before, (await AttackerHostnames()).Count);
        hostile.NoErrorsLogged();
    }

    [Fact]
    public async Task A_hostname_of_254_characters_is_refused()
    {
        var refused = await RefusedAgent.Connect(hostile.Node, hostile.AttackerKey, new string('a', 254));

        Assert.Equal(AgentAdmission.InvalidHostname, refused?.Reason);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary><c>agents list</c> shows each connection's relayed and dropped samples: a hand-made agent connection on
/// the real agent hub sends exactly one good sample and one that claims another server.</summary>
public sealed class OpsAgentCountsSpecs : DemoNodeSpec
{
    [Fact]
    public async Task Agents_list_shows_the_samples_each_agent_relayed_and_dropped()
    {
        var (agent, serverId) = await Node.HandMadeAgent(await Node.NewAgentKey(DemoAccount), "ops-counts-1");
        Keep(agent);
        // Samples are admitted only while a stream was asked for.
        var browser = Keep(await Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        await browser.StartRealtime(serverId);
        await Eventually.Holds(async () => Assert.Contains("yes", (await Node.Ops("agents", "list")).Out));

        await agent.SendAsync(AgentHubMethods.Sample, Samples.At(serverId, Samples.Now));
        await agent.SendAsync(AgentHubMethods.Sample, Samples.At("someone-elses-server", Samples.Now));

        await Eventually.Holds(async () =>
        {
            var table = await Node.Ops("agents", "list");
            Assert.Matches($@"{serverId}\s+ops-counts-1\s+Demo\s+\S+\s+\S+ \S+\s+yes\s+1\s+1\n", table.Out.ReplaceLineEndings("\n"));
        });
        var json = await Node.Ops("agents", "list", "--json");
        using var doc = JsonDocument.Parse(json.Out);
        var row = Assert.Single(doc.RootElement.GetProperty("agents").EnumerateArray());
        Assert.Equal(1, row.GetProperty("samplesRelayed").GetInt64());
        Assert.Equal(1, row.GetProperty("samplesDropped").GetInt64());
    }
}

using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>
/// One node under attack from a key of the "Attacker Ltd" account, while the Demo account (another customer)
/// streams from a real agent to a watching browser. Shared by the specs of a class: every case uses hostnames of
/// its own, so counters and quotas of one case never reach another's.
/// </summary>
public class HostileAgentNode : IAsyncLifetime
{
    public const string AttackerEmail = "attacker@example.test";
    public const string AttackerPassword = "attacker-password-1";

    public HostileAgentNode() : this([])
    {
    }

    protected HostileAgentNode(params (string Key, string? Value)[] settings)
    {
        Node = new ScoutNodeFactory(RealtimeNode.Settings(settings));
    }

    public ScoutNodeFactory Node { get; }

    public string AttackerAccount { get; private set; } = "";

    public string AttackerKey { get; private set; } = "";

    /// <summary>The attacker's own login, watching the attacker's servers so their samples pass the stream gate.</summary>
    public Browser AttackerBrowser { get; private set; } = null!;

    public string VictimServerId { get; private set; } = "";

    /// <summary>A member of the other account, watching its real agent's server.</summary>
    public Browser VictimWatcher { get; private set; } = null!;

    private AgentHost _victimAgent = null!;

    public async Task InitializeAsync()
    {
        var demo = await Node.DemoAccountId();
        _victimAgent = await Node.StartAgent(await Node.NewAgentKey(demo), "victim-box");
        VictimServerId = await Node.OnlineServerId(demo, "victim-box");
        VictimWatcher = await Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword);
        await VictimWatcher.StartRealtime(VictimServerId);
        await VictimWatcher.NextSamples(1, TimeSpan.FromSeconds(15));

        AttackerAccount = await Node.SignUp(AttackerEmail, AttackerPassword, "Attacker Ltd");
        AttackerKey = await Node.NewAgentKey(AttackerAccount);
        AttackerBrowser = await Node.Browser(AttackerEmail, AttackerPassword);
    }

    public async Task DisposeAsync()
    {
        await AttackerBrowser.DisposeAsync();
        await VictimWatcher.DisposeAsync();
        await _victimAgent.DisposeAsync();
        await Node.DisposeAsync();
    }

    /// <summary>A hand-made agent of the attacker whose server someone watches: its samples reach the proxy's checks.</summary>
    public async Task<(HubConnection Hub, string ServerId)> StreamingAttacker(string hostname)
    {
        var (hub, serverId) = await Node.HandMadeAgent(AttackerKey, hostname);
        await AttackerBrowser.StartRealtime(serverId);
        await Eventually.Holds(async () => Assert.True((await Proxy(serverId)).Streaming));
        return (hub, serverId);
    }

    /// <summary>Every agent connection the node holds, as its proxies describe them.</summary>
    public async Task<IReadOnlyList<AgentProxyProtocol.AgentInfo>> Agents()
    {
        var agents = Node.Service<ActorRegistry>().Get<AgentConnections>();
        return (await agents.Ask<AgentProxyProtocol.AgentsReport>(AgentProxyProtocol.GetAgents.Instance, TimeSpan.FromSeconds(5))).Agents;
    }

    public async Task<AgentProxyProtocol.AgentInfo> Proxy(string serverId) => (await Agents()).Single(a => a.ServerId == serverId);

    /// <summary>Waits until the proxy counted exactly these drops and relays.</summary>
    public Task Counted(string serverId, long dropped, long relayed) =>
        Eventually.Holds(async () =>
        {
            var info = await Proxy(serverId);
            Assert.Equal((dropped, relayed), (info.SamplesDropped, info.SamplesRelayed));
        });

    /// <summary>Warnings the node logged that contain this text.</summary>
    public int Logged(string text) => Node.Logs.Entries.Count(e => e.Message.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits for the node to have logged this text so many times (Akka's log events are written after the
    /// counters the specs wait on move), then asserts it logged it no more often.</summary>
    public async Task LoggedTimes(string text, int times)
    {
        await Eventually.Holds(() => Assert.True(Logged(text) >= times, $"\"{text}\" logged {Logged(text)} times, not yet {times}"));
        Assert.Equal(times, Logged(text));
    }

    /// <summary>No error was logged (a stack trace per bad input is what an attacker would use to flood the log).</summary>
    public void NoErrorsLogged() =>
        Assert.DoesNotContain(Node.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

    /// <summary>
    /// The node is up and the other account's watcher still gets fresh samples of its own server, and only those.
    /// </summary>
    public async Task OthersUndisturbed()
    {
        using (var http = Node.CreatePortClient())
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var since = Samples.Now;
        while (VictimWatcher.Samples.Reader.TryRead(out var old))
            Assert.Equal(VictimServerId, old.ServerId);
        var fresh = await VictimWatcher.NextSamples(2, TimeSpan.FromSeconds(15));
        Assert.All(fresh, s => Assert.Equal(VictimServerId, s.ServerId));
        Assert.True(fresh[^1].Time >= since - 2000, "a fresh sample of the other account");
    }

    /// <summary>A sample of the attacker's server that passes every check.</summary>
    public static MetricsSample Good(string serverId) => Samples.At(serverId, Samples.Now);
}

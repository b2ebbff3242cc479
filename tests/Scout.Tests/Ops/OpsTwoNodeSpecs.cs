using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Scout.Actors;
using Scout.Actors.AccountSessions;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>
/// scout-ops against two real nodes joined over real remoting: the node named with --node is the one that answers
/// (its tree, its view, its hands), a later --node only stands in for one that cannot, and a member that stops
/// answering costs the lists a named line, not the command.
/// </summary>
public sealed class OpsTwoNodeSpecs : IAsyncLifetime
{
    /// <summary>A request landing on a random node passes one try in two; this many in a row, one run in 64.</summary>
    private const int Tries = 6;

    private ScoutNodeFactory _first = null!;
    private ScoutNodeFactory _second = null!;

    public async Task InitializeAsync()
    {
        _first = new ScoutNodeFactory(RealtimeNode.Settings(RealtimeNode.OperatorDowns));
        _first.Start();
        _second = new ScoutNodeFactory(RealtimeNode.Settings(
            ("Scout:Cluster:Seeds:0", SelfAddress(_first).ToString()),
            ("Scout:Database:Path", _first.DatabasePath), RealtimeNode.OperatorDowns));
        _second.Start();
        await Eventually.Holds(() =>
            Assert.Equal(2, Cluster.Get(_first.Service<ActorSystem>()).State.Members.Count(m => m.Status == MemberStatus.Up)),
            TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private static Address SelfAddress(ScoutNodeFactory node) => Cluster.Get(node.Service<ActorSystem>()).SelfAddress;

    [Fact]
    public async Task The_node_named_with_node_is_the_one_that_answers()
    {
        _second.Service<ActorSystem>().ActorOf(Props.Empty, "only-on-second");
        var second = SelfAddress(_second).ToString();

        for (var i = 0; i < Tries; i++)
        {
            var onSecond = await OpsRunner.Run("", "--node", _second.RemotingAddress(), "actor", "hierarchy", "-s", "/user", "-d", "1");
            var onFirst = await OpsRunner.Run("", "--node", _first.RemotingAddress(), "actor", "hierarchy", "-s", "/user", "-d", "1");
            var shown = await OpsRunner.Run("", "--node", _second.RemotingAddress(), "cluster", "show");

            Assert.Contains("  only-on-second", onSecond.Out);
            Assert.Equal(ExitCodes.Done, onFirst.Code);
            Assert.DoesNotContain("only-on-second", onFirst.Out);
            Assert.Contains($"asked {second}", shown.Out);
        }
    }

    [Fact]
    public async Task A_later_node_answers_only_when_the_first_cannot()
    {
        var first = SelfAddress(_first).ToString();
        var second = SelfAddress(_second).ToString();

        for (var i = 0; i < Tries; i++)
        {
            var both = await OpsRunner.Run("", "--node", _first.RemotingAddress(), "--node", _second.RemotingAddress(), "cluster", "show");
            Assert.Contains($"asked {first}", both.Out);
        }
        var fallback = await OpsRunner.Run("", "--node", "127.0.0.1:1", "--node", _second.RemotingAddress(), "cluster", "show");

        Assert.Equal(ExitCodes.Done, fallback.Code);
        Assert.Contains($"asked {second}", fallback.Out);
    }

    [Fact]
    public async Task Sessions_list_starts_no_session_for_an_account_nobody_uses()
    {
        Assert.Equal(ExitCodes.Done, (await _first.Ops("accounts", "create", "Quiet")).Code);
        var quiet = (await _first.Service<Scout.Web.Accounts.Storage.AccountStore>().FindAccountByNameAsync("Quiet"))!.Id;

        var listed = await _first.Ops("sessions", "list");
        var filtered = await _second.Ops("sessions", "list", "--account", "Quiet", "--json");

        Assert.Equal(ExitCodes.Done, listed.Code);
        Assert.Contains("0 session(s)", listed.Out);
        using (var doc = JsonDocument.Parse(filtered.Out))
        {
            Assert.Empty(doc.RootElement.GetProperty("sessions").EnumerateArray());
            Assert.Empty(doc.RootElement.GetProperty("unansweredNodes").EnumerateArray());
        }
        foreach (var node in new[] { _first, _second })
        {
            var region = node.Service<Akka.Hosting.ActorRegistry>().Get<AccountSessionRegion>();
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(quiet, state.Shards.SelectMany(s => s.EntityIds));
        }
    }

    [Fact]
    public async Task A_member_that_stopped_answering_is_named_and_the_named_node_still_answers()
    {
        var silent = await JoinThenStopWithoutLeaving();
        var first = SelfAddress(_first).ToString();

        var sessions = await _first.Ops("sessions", "list");
        var sessionsJson = await _first.Ops("sessions", "list", "--json");
        var agents = await _first.Ops("agents", "list");

        Assert.Equal(ExitCodes.Done, sessions.Code);
        Assert.Contains($"no answer from {silent}: its sessions are missing above", sessions.Out);
        using (var doc = JsonDocument.Parse(sessionsJson.Out))
            Assert.Contains(silent.ToString(), doc.RootElement.GetProperty("unansweredNodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ExitCodes.Done, agents.Code);
        Assert.Contains($"no answer from {silent}", agents.Out);

        // Once the first node sees the member unreachable, the operator downs it through that node.
        await Eventually.Holds(async () =>
        {
            var shown = await _first.Ops("cluster", "show");
            Assert.Equal(ExitCodes.Done, shown.Code);
            Assert.Contains($"asked {first}", shown.Out);
            Assert.Matches($@"{silent.ToString().Replace(".", @"\.")}\s+-\s+\w+\s+NO", shown.Out);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        var downed = await _first.Ops("cluster", "down-unreachable");

        Assert.Equal(ExitCodes.Done, downed.Code);
        Assert.Contains("downing", downed.Out);
    }

    /// <summary>A third member with no Scout services joins, then stops without leaving: to the others it is an Up
    /// member that never answers, like a frozen node, until they find it unreachable.</summary>
    private async Task<Address> JoinThenStopWithoutLeaving()
    {
        var config = ConfigurationFactory.ParseString("""
                akka {
                  loglevel = WARNING
                  actor.provider = cluster
                  coordinated-shutdown.run-by-actor-system-terminate = off
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                  cluster.run-coordinated-shutdown-when-down = off
                  remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                }
                """)
            .WithFallback(ScoutHocon.Load("serialization.hocon"))
            // The nodes' pub-sub gossips to every member: with its bindings the member reads it instead of logging.
            .WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig());
        var member = ActorSystem.Create("scout", config);
        var address = Cluster.Get(member).SelfAddress;
        Cluster.Get(member).Join(SelfAddress(_first));
        await Eventually.Holds(() =>
            Assert.Contains(Cluster.Get(_first.Service<ActorSystem>()).State.Members,
                m => m.Address.Equals(address) && m.Status == MemberStatus.Up), TimeSpan.FromSeconds(30));
        await member.Terminate();
        return address;
    }
}

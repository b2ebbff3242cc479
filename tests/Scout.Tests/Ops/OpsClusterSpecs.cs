using Akka.Actor;
using Akka.Cluster;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary><c>cluster leave/down/down-unreachable</c> asked of a real node about a second member that joined it
/// over real remoting.</summary>
public sealed class OpsClusterSpecs : IAsyncLifetime
{
    private readonly ScoutNodeFactory _node = new(RealtimeNode.Settings(RealtimeNode.OperatorDowns));
    private BareMember _second = null!;

    private Cluster NodeCluster => Cluster.Get(_node.Service<ActorSystem>());

    public async Task InitializeAsync()
    {
        _node.Start();
        _second = BareMember.Join(NodeCluster.SelfAddress);
        await Eventually.Holds(() =>
            Assert.Equal(2, NodeCluster.State.Members.Count(m => m.Status == MemberStatus.Up)), TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _node.DisposeAsync();
    }

    private void IsGone(Address member) =>
        Assert.DoesNotContain(NodeCluster.State.Members, m => m.Address.Equals(member));

    [Fact]
    public async Task Cluster_leave_takes_the_host_and_port_an_operator_types_for_node()
    {
        var result = await _node.Ops("cluster", "leave", _second.HostPort);

        Assert.Equal(ExitCodes.Done, result.Code);
        Assert.Contains($"leave: {_second.Address}", result.Out);
        await Eventually.Holds(() => IsGone(_second.Address), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cluster_down_of_a_member_by_its_full_address_removes_it()
    {
        var result = await _node.Ops("cluster", "down", _second.Address.ToString());

        Assert.Equal(ExitCodes.Done, result.Code);
        Assert.Contains($"down: {_second.Address}", result.Out);
        await Eventually.Holds(() => IsGone(_second.Address), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cluster_down_unreachable_downs_a_crashed_member_and_then_finds_none()
    {
        var none = await _node.Ops("cluster", "down-unreachable");
        Assert.Equal(ExitCodes.Done, none.Code);
        Assert.Contains("downing 0 unreachable member(s)", none.Out);

        await _second.Crash();
        await Eventually.Holds(() => Assert.Contains(NodeCluster.State.Unreachable, m => m.Address.Equals(_second.Address)),
            TimeSpan.FromSeconds(30));
        var downed = await _node.Ops("cluster", "down-unreachable");

        Assert.Equal(ExitCodes.Done, downed.Code);
        Assert.Contains($"downing 1 unreachable member(s): {_second.Address}", downed.Out);
        await Eventually.Holds(() => IsGone(_second.Address), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cluster_leave_of_something_that_is_no_member_is_refused_with_exit_4()
    {
        foreach (var (address, error) in new[]
        {
            ("garbage", "not an address: garbage"),
            ("127.0.0.1:1", "not a member: 127.0.0.1:1"),
            ("akka.tcp://scout@127.0.0.1:1", "not a member: akka.tcp://scout@127.0.0.1:1"),
        })
        {
            var result = await _node.Ops("cluster", "leave", address);

            Assert.Equal(ExitCodes.Refused, result.Code);
            Assert.Contains(error, result.Error);
        }
        Assert.Equal(2, NodeCluster.State.Members.Count);
    }
}

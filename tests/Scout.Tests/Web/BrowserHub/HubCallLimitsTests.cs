using Scout.Tests.Agent.Metrics;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

public sealed class HubCallLimitsTests
{
    [Fact]
    public void A_users_budget_is_shared_by_all_their_calls_and_others_keep_theirs()
    {
        var limits = new HubCallLimits(TimeProvider.System);

        var served = Enumerable.Range(0, HubCallLimits.Capacity + 50).Count(_ => limits.TryTake("flooder"));

        Assert.InRange(served, HubCallLimits.Capacity, HubCallLimits.Capacity + 5);
        Assert.True(limits.TryTake("someone-else"));
    }

    [Fact]
    public void The_burst_is_the_configured_one()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{HubCallLimits.Section}:CallBurst"] = "500" })
            .Build();
        var limits = HubCallLimits.From(configuration, TimeProvider.System);

        var served = Enumerable.Range(0, 600).Count(_ => limits.TryTake("a-wall-of-500"));

        Assert.InRange(served, 500, 505);
    }

    [Fact]
    public void Budgets_of_users_gone_quiet_are_forgotten_so_many_users_cost_bounded_memory()
    {
        var clock = new ManualTime();
        var limits = new HubCallLimits(clock);
        for (var i = 0; i < 1000; i++)
            limits.TryTake($"user-{i}");

        clock.Advance(HubCallLimits.IdleAfter);
        limits.TryTake("latecomer");

        Assert.Equal(1, limits.Count);
    }
}

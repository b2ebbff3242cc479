using Microsoft.AspNetCore.SignalR;
using Scout.Tests.Support;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>A browser flooding the hub is refused; everyone else's stream goes on.</summary>
public sealed class MetricsHubLimitsSpecs : DemoNodeSpec
{
    [Fact]
    public async Task A_burst_of_start_and_stop_calls_is_refused_without_disturbing_another_watcher()
    {
        var (_, serverId) = await DemoAgent("limits-host");
        var calm = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        var flooder = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));
        await calm.StartRealtime(serverId);

        HubException? refused = null;
        for (var i = 0; i < 400 && refused is null; i++)
        {
            try
            {
                await (i % 2 == 0 ? flooder.StartRealtime(serverId) : flooder.StopRealtime(serverId));
            }
            catch (HubException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains(MetricsHub.TooMany, refused.Message);
        var samples = await calm.NextSamples(3, within: TimeSpan.FromSeconds(15));
        Assert.True(samples[0].Time < samples[2].Time);
    }

    [Fact]
    public async Task Refused_calls_are_logged_once_per_connection_and_never_as_errors()
    {
        var flooder = await Keep(Node.Browser("demo@localhost", ScoutNodeFactory.DemoPassword));

        // Refused as not allowed until the rate limit refuses them too; then a few more of each kind.
        var (notAllowed, tooMany) = (0, 0);
        for (var i = 0; i < 5000 && tooMany < 20; i++)
        {
            try
            {
                await flooder.StartRealtime(i % 2 == 0 ? "no-such-server" : "another-unknown-server");
                Assert.Fail("a call for an unknown server was accepted");
            }
            catch (HubException e) when (e.Message.Contains(MetricsHub.TooMany))
            {
                tooMany++;
            }
            catch (HubException)
            {
                notAllowed++;
            }
        }

        Assert.True(notAllowed > 20 && tooMany == 20, $"{notAllowed} not allowed, {tooMany} too many");
        var logged = Node.Logs.Entries;
        Assert.DoesNotContain(logged, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Single(logged, e => e.Category == typeof(MetricsHub).FullName && e.Message.Contains("unknown or not theirs"));
        Assert.Single(logged, e => e.Category == typeof(MetricsHub).FullName && e.Message.Contains("exceeded"));
    }
}

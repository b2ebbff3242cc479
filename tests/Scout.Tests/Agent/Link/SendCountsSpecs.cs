using Akka.Event;
using Akka.TestKit.Xunit2;
using Scout.Agent.Link;
using Xunit;

namespace Scout.Tests.Agent.Link;

public sealed class SendCountsSpecs : TestKit
{
    private SendCounts NewCounts() => new(Logging.GetLogger(Sys, "link"));

    [Fact]
    public void Counts_every_failure_but_warns_only_on_the_first_and_every_100th()
    {
        var counts = NewCounts();

        // 1st, 100th and 200th of 250.
        EventFilter.Warning(contains: "Sending to the server failed").Expect(3, () =>
        {
            for (var i = 0; i < 250; i++)
                counts.CountFailure(new IOException("connection closed"));
        });

        Assert.Equal(250, counts.Failures);
    }

    [Fact]
    public void Warns_once_for_samples_dropped_before_the_Welcome_and_counts_the_rest()
    {
        var counts = NewCounts();

        EventFilter.Warning(contains: "no Welcome").ExpectOne(() =>
        {
            for (var i = 0; i < 5; i++)
                counts.CountDroppedBeforeWelcome();
        });

        Assert.Equal(5, counts.DroppedBeforeWelcome);
        Assert.Equal(0, counts.Sent);
    }
}

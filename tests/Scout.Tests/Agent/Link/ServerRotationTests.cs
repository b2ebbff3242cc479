using Scout.Agent.Hosting;
using Scout.Agent.Link;
using Xunit;

namespace Scout.Tests.Agent.Link;

public sealed class ServerRotationTests
{
    private static readonly Uri A = new("http://a:1"), B = new("http://b:1"), C = new("http://c:1");

    // A draw of 0.5 jitters by nothing: the waits are the plain backoff.
    private static readonly ReconnectSettings Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.2);

    [Theory]
    [InlineData(0.0, "a")]
    [InlineData(0.4, "b")]
    [InlineData(0.99, "c")]
    public void Starts_at_the_node_the_random_draw_picks(double draw, string host)
    {
        Assert.Equal(host, new ServerRotation([A, B, C], Backoff, () => draw).Current.Host);
    }

    [Fact]
    public void A_failed_node_is_followed_at_once_by_the_next_and_only_a_failed_round_waits_growing_per_round()
    {
        var draws = 0;
        var rotation = new ServerRotation([A, B, C], Backoff, () => draws++ == 0 ? 0.0 : 0.5);

        var waits = new List<(string, double)>();
        for (var i = 0; i < 12; i++)
        {
            var wait = rotation.Failed(out _);
            waits.Add((rotation.Current.Host, wait.TotalSeconds));
        }

        Assert.Equal(
            [("b", 0), ("c", 0), ("a", 1), ("b", 0), ("c", 0), ("a", 2), ("b", 0), ("c", 0), ("a", 4), ("b", 0), ("c", 0), ("a", 8)],
            waits);
    }

    [Fact]
    public void A_lost_connection_moves_to_the_next_node_after_min_backoff_and_the_backoff_starts_over()
    {
        var draws = 0;
        var rotation = new ServerRotation([A, B], Backoff, () => draws++ == 0 ? 0.0 : 0.5);
        rotation.Failed(out _);
        rotation.Failed(out _);
        rotation.Failed(out _);
        rotation.Failed(out _); // two failed rounds: the next wait would be 4 s
        rotation.Connected();

        var wait = rotation.Lost();

        Assert.Equal(("b", 1.0), (rotation.Current.Host, wait.TotalSeconds));
        Assert.Equal("a", Next(rotation)); // then A at once,
        Assert.Equal(2.0, rotation.Failed(out var roundFailed).TotalSeconds); // and B after the next step of the backoff
        Assert.True(roundFailed);
    }

    [Fact]
    public void With_one_node_every_failure_is_a_failed_round()
    {
        var rotation = new ServerRotation([A], Backoff, () => 0.5);

        Assert.Equal(1.0, rotation.Failed(out var first).TotalSeconds);
        Assert.Equal(2.0, rotation.Failed(out _).TotalSeconds);
        Assert.True(first);
        Assert.Equal(A, rotation.Current);
        Assert.Equal(1.0, rotation.Lost().TotalSeconds);
    }

    private static string Next(ServerRotation rotation)
    {
        Assert.Equal(TimeSpan.Zero, rotation.Failed(out _));
        return rotation.Current.Host;
    }
}

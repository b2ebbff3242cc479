using System.Diagnostics;
using System.Text.RegularExpressions;
using Scout.Ops;
using Scout.Ops.Top;
using Scout.Tests.Support;
using Scout.Tests.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>
/// <c>top</c> on the realtime path: a real agent on a real node, the console as a remote watcher. Every way of
/// leaving (q, an interrupt, SIGTERM to the real process) must unwatch by itself: the checks run while the
/// console's ActorSystem is still up, since its shutdown would end the watch anyway and hide a missing StopTop.
/// </summary>
public sealed partial class OpsTopSpecs : DemoNodeSpec
{
    [Fact]
    public async Task Top_receives_live_samples_and_ends_its_session_on_quit()
    {
        var (agent, serverId) = await DemoAgent("ops-top-1");
        var keys = new KeyFeed();
        var screen = new Screen();
        await using var connection = OpsConnection.Open([Node.RemotingAddress()]);
        var top = OpsProgram.ExecuteAsync(connection, OpsCommandLine.Parse(["top", serverId]), screen.Io(keys.Read));

        await screen.ShowsSamples(2);
        Assert.True(await agent.IsStreaming());
        Assert.Equal(1, await Node.SessionWatchers(serverId));
        var text = screen.Text;
        Assert.Contains($"ops-top-1 ({serverId})", text);
        Assert.Matches(@"cpu\d+\s+\[[#.]{30}\] \d+\.\d%", text);
        Assert.Matches(@"mem\s+\[[#.]{30}\]", text);
        Assert.Contains("PID USER", text);

        keys.Press('q');
        var code = await top;

        Assert.Equal(ExitCodes.Done, code);
        Assert.Contains("stopped watching ops-top-1", screen.Text);
        await Eventually.Holds(async () => Assert.Equal(0, await Node.SessionWatchers(serverId)));
        // The session stops the stream after its (1 s in tests) grace period.
        await Eventually.Holds(async () => Assert.False(await agent.IsStreaming()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_interrupted_top_ends_its_session_like_q()
    {
        var (_, serverId) = await DemoAgent("ops-top-int-1");
        var screen = new Screen();
        using var interrupt = new CancellationTokenSource();
        await using var connection = OpsConnection.Open([Node.RemotingAddress()]);
        // As on a terminal with no key pressed: top polls for keys, so an interrupt leaves no read blocked.
        var io = screen.Io(() => throw new InvalidOperationException("no key was pressed")) with { KeyAvailable = () => false };
        var top = TopCommand.RunAsync(connection, serverId, io, interrupt.Token);
        await screen.ShowsSamples(1);

        interrupt.Cancel();

        Assert.Equal(ExitCodes.Done, await top);
        Assert.Contains("stopped watching ops-top-int-1", screen.Text);
        await Eventually.Holds(async () => Assert.Equal(0, await Node.SessionWatchers(serverId)));
    }

    [Fact]
    public async Task The_console_process_ends_its_top_session_on_SIGTERM_and_exits_0()
    {
        var (agent, serverId) = await DemoAgent("ops-top-term-1");
        using var console = OpsProcess.Start("--node", Node.RemotingAddress(), "top", serverId);
        try
        {
            await Eventually.Holds(() => Assert.Matches(@"samples: [1-9]", console.Output), TimeSpan.FromSeconds(20));

            console.Signal("TERM");
            var code = await console.Exit(TimeSpan.FromSeconds(30));

            // Without a handler the runtime ends the process at once: exit 143 and no closing line.
            Assert.Equal(ExitCodes.Done, code);
            Assert.Contains("stopped watching ops-top-term-1", console.Output);
            await Eventually.Holds(async () => Assert.False(await agent.IsStreaming()), TimeSpan.FromSeconds(10));
        }
        finally
        {
            console.Kill();
        }
    }

    [Fact]
    public async Task Top_of_an_unknown_server_is_refused_with_exit_4()
    {
        var result = await Node.Ops("top", "no-such-server");

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Contains("unknown server", result.Error);
    }

    /// <summary>What top draws, written from its render loop and read by the test.</summary>
    private sealed partial class Screen
    {
        private readonly StringWriter _inner = new();
        private readonly TextWriter _synchronized;

        public Screen() => _synchronized = TextWriter.Synchronized(_inner);

        public OpsIo Io(Func<int> readKey) =>
            new(TextReader.Null, _synchronized, TextWriter.Synchronized(new StringWriter()), readKey, false);

        public string Text
        {
            get
            {
                lock (_synchronized)
                    return _inner.ToString();
            }
        }

        public Task ShowsSamples(int atLeast) => Eventually.Holds(() =>
        {
            var text = Text;
            var counts = SamplesSeen().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.True(counts.Count > 0 && counts.Max() >= atLeast, "no samples shown yet: " + text[^Math.Min(600, text.Length)..]);
        }, TimeSpan.FromSeconds(15));

        [GeneratedRegex(@"samples: (\d+)")]
        private static partial Regex SamplesSeen();
    }
}

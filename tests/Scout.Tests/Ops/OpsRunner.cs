using System.Threading.Channels;
using Akka.Actor;
using Scout.Ops;
using Scout.Tests.Web;

namespace Scout.Tests.Ops;

public sealed record OpsResult(int Code, string Out, string Error);

/// <summary>Runs the real scout-ops entry point in-process against a node's remoting address.</summary>
public static class OpsRunner
{
    /// <summary>The node's Akka.Remote HOST:PORT, as an operator would pass to --node.</summary>
    public static string RemotingAddress(this ScoutNodeFactory node)
    {
        node.Start();
        var self = Akka.Cluster.Cluster.Get(node.Service<ActorSystem>()).SelfAddress;
        return $"{self.Host}:{self.Port}";
    }

    public static Task<OpsResult> Ops(this ScoutNodeFactory node, params string[] args) => node.OpsWithInput("", args);

    public static async Task<OpsResult> OpsWithInput(this ScoutNodeFactory node, string stdin, params string[] args) =>
        await Run(stdin, ["--node", node.RemotingAddress(), .. args]);

    public static async Task<OpsResult> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await OpsProgram.RunAsync(args, OpsIo.Redirected(new StringReader(stdin), output, error));
        return new OpsResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>Keys typed by the test while a command (top) runs; reading blocks until one is fed.</summary>
public sealed class KeyFeed
{
    private readonly Channel<int> _keys = Channel.CreateUnbounded<int>();

    public void Press(char key) => _keys.Writer.TryWrite(key);

    public int Read() => _keys.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
}

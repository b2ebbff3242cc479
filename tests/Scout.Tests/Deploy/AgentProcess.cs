using Scout.Tests.Support;

namespace Scout.Tests.Deploy;

/// <summary>
/// The agent installed as the docs say (the built scout-agent folder with its hocon/ beside it, copied to a
/// folder of its own) and run with several node URLs. Its hocon gets short report windows and its own spool, so a
/// test sees minute reports (here: every <c>reportInterval</c>) cross node failures.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly ChildProcess _process;

    private AgentProcess(ChildProcess process) => _process = process;

    public string Tail(int lines = 40) => _process.Tail(lines);

    public bool Running => !_process.HasExited;

    public static AgentProcess Start(string folder, IEnumerable<Uri> servers, string key, string hostname, TimeSpan reportInterval)
    {
        var built = Path.GetDirectoryName(BuiltPrograms.Dll("src/Scout.Agent", "scout-agent.dll"))!;
        var install = Path.Combine(folder, "agent");
        CopyFolder(built, install);
        var hocon = Path.Combine(install, "hocon", "agent.hocon");
        File.AppendAllText(hocon, $$"""

            scout.agent.report {
              interval = {{(int)reportInterval.TotalMilliseconds}}ms
              spool-path = "{{Path.Combine(folder, "spool")}}"
              retry-delay = 1s
            }
            scout.agent.reconnect { min-backoff = 500ms, max-backoff = 5s }
            """);
        var args = new List<string> { Path.Combine(install, "scout-agent.dll") };
        foreach (var server in servers)
            args.AddRange(["--server", server.ToString().TrimEnd('/')]);
        args.AddRange(["--key", key, "--hostname", hostname]);
        return new AgentProcess(ChildProcess.Start("agent", "dotnet", args, folder));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    public void Dispose() => _process.Dispose();
}

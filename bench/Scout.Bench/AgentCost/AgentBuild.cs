namespace Scout.Bench.AgentCost;

/// <summary>
/// Where agent-cost finds the agent it measures: the natively compiled one from <c>dotnet publish
/// src/Scout.Agent -c Release -r linux-x64</c> (what ships), or the framework-dependent Release build.
/// The bench never publishes it itself: that needs clang and a few minutes, and CI builds neither.
/// </summary>
public sealed record AgentBuild(string Kind, string Folder, string Entry)
{
    public static AgentBuild Of(string kind, string repo)
    {
        var bin = Path.Combine(repo, "src", "Scout.Agent", "bin", "Release", "net10.0");
        return kind == "aot"
            ? new AgentBuild(kind, Path.Combine(bin, "linux-x64", "publish"), "scout-agent")
            : new AgentBuild(kind, bin, "scout-agent.dll");
    }

    public bool Exists => File.Exists(Path.Combine(Folder, Entry));

    public string Missing => Kind == "aot"
        ? $"publish the native agent first: dotnet publish src/Scout.Agent -c Release -r linux-x64 (looked for {Path.Combine(Folder, Entry)})"
        : $"build first: dotnet build -c Release src/Scout.Agent (looked for {Path.Combine(Folder, Entry)})";

    public string Describe => Kind == "aot"
        ? $"native {Path.Combine(Folder, Entry)} ({new FileInfo(Path.Combine(Folder, Entry)).Length / 1048576.0:0.0} MiB)"
        : $"dotnet {Path.Combine(Folder, Entry)}";
}

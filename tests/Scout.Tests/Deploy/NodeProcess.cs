using System.Net;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Deploy;

/// <summary>
/// One server node as an operator runs it: the built Scout.Web on its own loopback address (127.0.0.N stands
/// for machine N), its own working directory, every setting from the environment, every node listed as a seed.
/// It can be killed with SIGKILL and started again on the same address and ports.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private ChildProcess? _process;

    public NodeProcess(string name, string host, int httpPort, int akkaPort, IReadOnlyList<string> seeds,
        IReadOnlyDictionary<string, string> settings, string workingDirectory)
    {
        Name = name;
        Host = host;
        Url = new Uri($"http://{host}:{httpPort}");
        AkkaAddress = $"akka.tcp://scout@{host}:{akkaPort}";
        WorkingDirectory = workingDirectory;
        Directory.CreateDirectory(workingDirectory);
        var environment = new Dictionary<string, string>
        {
            ["Scout__Cluster__Hostname"] = host,
            ["Scout__Cluster__Port"] = akkaPort.ToString(),
            ["Scout__EmbeddedAgent__Enabled"] = "false",
            ["Scout__Database__Path"] = Path.Combine(workingDirectory, "data", "scout.db"),
            ["Scout__DataProtection__KeysPath"] = Path.Combine(workingDirectory, "keys"),
            ["DOTNET_gcServer"] = "0",
        };
        for (var i = 0; i < seeds.Count; i++)
            environment[$"Scout__Cluster__Seeds__{i}"] = seeds[i];
        foreach (var (key, value) in settings)
            environment[key] = value;
        _environment = environment;
    }

    public string Name { get; }

    public string Host { get; }

    public Uri Url { get; }

    /// <summary>akka.tcp://scout@host:port, as members and the ops console name it.</summary>
    public string AkkaAddress { get; }

    public string WorkingDirectory { get; }

    public bool Running => _process is { HasExited: false };

    public string Tail(int lines = 40) => _process?.Tail(lines) ?? $"--- {Name}: not started ---";

    public void Start()
    {
        _process?.Dispose();
        _process = ChildProcess.Start(Name, "dotnet",
            [BuiltPrograms.Dll("src/Scout.Web", "Scout.Web.dll"), "--urls", Url.ToString().TrimEnd('/'),
             "--contentRoot", Path.Combine(BuiltPrograms.RepositoryRoot, "src", "Scout.Web")],
            WorkingDirectory, _environment);
    }

    /// <summary>Waits until the node answers /readyz with 200 (an Up member with its database and session region).</summary>
    public async Task WaitUntilUp(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Holds(async () =>
        {
            if (_process is null || _process.HasExited)
                throw new InvalidOperationException($"{Name} is not running\n{Tail()}");
            var response = await http.GetAsync(new Uri(Url, "/readyz"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }, within, TimeSpan.FromMilliseconds(250));
    }

    public Task Kill() => _process?.KillHard() ?? Task.CompletedTask;

    public void Dispose() => _process?.Dispose();
}

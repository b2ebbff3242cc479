using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Bench.AgentCost;

namespace Scout.Bench.Commands;

/// <summary>
/// What the real agent process costs the machine it watches: CPU % of one core and RSS, from /proc,
/// while it streams at 1 s to a watching browser, while idle with its local buffer, and idle with the
/// buffer off. Side by side in the same windows: <c>top -b -d 1</c> and, when installed, netdata
/// (started on loopback, its plugin processes included). <c>--agent aot</c> (default) runs the natively
/// compiled agent that ships (<c>dotnet publish src/Scout.Agent -c Release -r linux-x64</c>), <c>jit</c> the
/// framework-dependent build; <c>aot,jit</c> measures both, one after the other, against the same node.
/// </summary>
public sealed class AgentCostCommand : IBenchCommand
{
    private const string Password = "agent-cost-bench-password";
    private const string Email = "demo@localhost";
    private const string Hostname = "agent-cost-bench";
    private const int NetdataPort = 19999;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public string Name => "agent-cost";

    public string Usage => "[--seconds S] [--phases stream,idle,idle-nobuffer] [--agent aot|jit|aot,jit] [--agent-env NAME=VALUE]...   agent CPU/RSS vs top -d 1 and netdata";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        var seconds = 60;
        var phases = new List<string> { "stream", "idle", "idle-nobuffer" };
        var agentEnv = new Dictionary<string, string>();
        var kinds = new List<string> { "aot" };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    break;
                case "--phases" when value is not null:
                    phases = value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
                    break;
                case "--agent" when value is not null && value.Split(',').All(k => k is "aot" or "jit"):
                    kinds = value.Split(',').Distinct().ToList();
                    break;
                case "--agent-env" when value is not null && value.Contains('='):
                    agentEnv[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..];
                    break;
                default:
                    Console.Error.WriteLine($"agent-cost: unknown or invalid option '{args[i]}'; usage: agent-cost {Usage}");
                    return 2;
            }
            i++;
        }

        var repo = Repo.Root();
        var webDir = Path.Combine(repo, "src", "Scout.Web");
        var webDll = Path.Combine(webDir, "bin", "Release", "net10.0", "Scout.Web.dll");
        if (!File.Exists(webDll))
        {
            Console.Error.WriteLine($"agent-cost: build first: dotnet build -c Release src/Scout.Web (looked for {webDll})");
            return 2;
        }
        var agents = new Dictionary<string, AgentBuild>();
        foreach (var kind in kinds)
        {
            var build = AgentBuild.Of(kind, repo);
            if (!build.Exists)
            {
                Console.Error.WriteLine($"agent-cost: {build.Missing}");
                return 2;
            }
            agents[kind] = build;
        }
        var work = Path.Combine(Path.GetTempPath(), "scout-agent-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var children = new List<ChildProcess>();
        try
        {
            var port = Repo.FreePort();
            var address = new Uri($"http://127.0.0.1:{port}");
            stdout.WriteLine($"node        {address} (embedded agent off, database in {work})");
            var node = ChildProcess.Start("dotnet", [webDll, "--urls", address.ToString()], webDir, new Dictionary<string, string>
            {
                ["Scout__Database__Path"] = Path.Combine(work, "scout.db"),
                ["Scout__EmbeddedAgent__Enabled"] = "false",
                ["Scout__Cluster__Port"] = "0",
                ["Scout__Demo__Password"] = Password,
                ["Logging__LogLevel__Default"] = "Warning",
            });
            children.Add(node);
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address };
            await node.WaitUntilAsync("node /healthz", async () => (await http.GetAsync("/healthz", ct)).IsSuccessStatusCode, ct);
            (await http.PostAsJsonAsync("/api/login", new { email = Email, password = Password }, ct)).EnsureSuccessStatusCode();
            var issued = (await http.PostAsync("/api/account/agent-keys", null, ct)).EnsureSuccessStatusCode();
            var key = (await issued.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!;

            var top = ChildProcess.Start("top", ["-b", "-d", "1"], work);
            children.Add(top);
            var baselines = new List<Meter> { new("top -b -d 1", top.Pid) };
            var netdata = StartNetdata(work, stdout);
            if (netdata is not null)
            {
                children.Add(netdata);
                baselines.Add(new Meter("netdata", netdata.Pid));
            }

            var results = new List<(string Phase, Meter.Result Result)>();
            foreach (var (kind, build) in agents)
            foreach (var phase in phases)
            {
                var bufferOn = phase != "idle-nobuffer";
                stdout.WriteLine($"agent       {kind}: {build.Describe}");
                using var agent = StartAgent(build, work, address, key, bufferOn, agentEnv);
                var serverId = await OnlineServerId(http, agent, ct);
                await using var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(address, "/hubs/metrics"), o => o.Cookies = cookies)
                    .Build();
                var samples = 0;
                hub.On<JsonElement>("sample", _ => Interlocked.Increment(ref samples));
                await hub.StartAsync(ct);
                if (phase == "stream")
                {
                    await hub.InvokeAsync<JsonElement>("StartRealtime", serverId, ct);
                }
                else if (phase is not ("idle" or "idle-nobuffer"))
                {
                    Console.Error.WriteLine($"agent-cost: unknown phase '{phase}'");
                    return 2;
                }
                // Startup (JIT, first connection, tiering) is not the steady state being measured.
                await Task.Delay(Settle, ct);
                var meters = new List<Meter> { new($"scout-agent ({kind})", agent.Pid) };
                meters.AddRange(baselines);
                var before = Volatile.Read(ref samples);
                meters.ForEach(m => m.Start());
                for (var s = 0; s < seconds && !ct.IsCancellationRequested; s++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    meters.ForEach(m => m.Tick());
                }
                foreach (var meter in meters)
                {
                    results.Add((phase, meter.Stop()));
                }
                var delivered = Volatile.Read(ref samples) - before;
                stdout.WriteLine(FormattableString.Invariant($"phase       {kind} {phase}: {seconds} s measured, {delivered} samples reached the watcher"));
                if (phase == "stream" && delivered < seconds * 8 / 10)
                {
                    Console.Error.WriteLine($"agent-cost: the agent streamed only {delivered} samples in {seconds} s; not a 1 s stream");
                    return 1;
                }
                if (agent.HasExited)
                {
                    Console.Error.WriteLine($"agent-cost: the agent exited during '{phase}':{Environment.NewLine}{agent.Tail()}");
                    return 1;
                }
            }

            stdout.WriteLine();
            stdout.WriteLine("| phase | process | processes | window | CPU of one core | RSS mean | RSS max | VmHWM |");
            stdout.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var (phase, result) in results)
            {
                stdout.WriteLine(result.Row(phase));
            }
            stdout.WriteLine(string.Join(' ', results.Where(r => r.Result.Name.StartsWith("scout-agent", StringComparison.Ordinal))
                .Select(r => FormattableString.Invariant($"{r.Result.Name[13..^1]} {r.Phase}: cpu={r.Result.CpuPercent:0.000}% rss={r.Result.MaxRss / 1048576.0:0.0}MiB"))));
            return 0;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The agent runs from a copy of its own output folder so the buffer can be switched off in the
    /// copy's hocon/agent.hocon (the only place that setting lives). The key goes in the environment,
    /// not on the command line where every process could read it.
    /// </summary>
    private static ChildProcess StartAgent(AgentBuild build, string work, Uri address, string key, bool bufferOn, Dictionary<string, string> extraEnv)
    {
        var agentBin = build.Folder;
        var dir = Path.Combine(work, build.Kind + (bufferOn ? "-agent" : "-agent-nobuffer"));
        if (!Directory.Exists(dir))
        {
            // The native binary's debug symbols (.dbg, ~40 MB) are never loaded: not copied.
            foreach (var file in Directory.GetFiles(agentBin, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".dbg", StringComparison.Ordinal)))
            {
                var to = Path.Combine(dir, Path.GetRelativePath(agentBin, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            if (!bufferOn)
            {
                var hocon = Path.Combine(dir, "hocon", "agent.hocon");
                // Reports are made from the buffer, so the agent refuses to start with reports on and no buffer.
                File.AppendAllText(hocon, Environment.NewLine + "scout.agent.buffer.enabled = off" + Environment.NewLine
                    + "scout.agent.report.enabled = off" + Environment.NewLine);
            }
        }
        var env = new Dictionary<string, string>(extraEnv)
        {
            ["Scout__Agent__Key"] = key,
        };
        string[] agentArgs = ["--server", address.ToString(), "--hostname", Hostname];
        return build.Kind == "aot"
            ? ChildProcess.Start(Path.Combine(dir, "scout-agent"), agentArgs, dir, env)
            : ChildProcess.Start("dotnet", [Path.Combine(dir, "scout-agent.dll"), .. agentArgs], dir, env);
    }

    private static async Task<string> OnlineServerId(HttpClient http, ChildProcess agent, CancellationToken ct)
    {
        string? id = null;
        await agent.WaitUntilAsync("the agent online", async () =>
        {
            foreach (var server in (await http.GetFromJsonAsync<JsonElement>("/api/servers", ct)).EnumerateArray())
            {
                if (server.GetProperty("hostname").GetString() == Hostname && server.GetProperty("online").GetBoolean())
                {
                    id = server.GetProperty("id").GetString();
                    return true;
                }
            }
            return false;
        }, ct);
        return id!;
    }

    /// <summary>netdata in the foreground on loopback with its default 1 s collection, or null when not installed.</summary>
    private static ChildProcess? StartNetdata(string work, TextWriter stdout)
    {
        const string binary = "/usr/sbin/netdata";
        if (!File.Exists(binary))
        {
            stdout.WriteLine("netdata     not installed (apt-get install netdata); compared with top only");
            return null;
        }
        stdout.WriteLine($"netdata     {binary} -D -i 127.0.0.1 -p {NetdataPort}");
        return ChildProcess.Start(binary, ["-D", "-i", "127.0.0.1", "-p", NetdataPort.ToString(CultureInfo.InvariantCulture)], work);
    }
}

using System.Net.Sockets;
using System.Text.RegularExpressions;
using Scout.Tests.Support;

namespace Scout.Tests.Deploy;

/// <summary>
/// Debian's nginx running the site the repository ships (deploy/nginx/scout.conf) with this test's nodes in its
/// upstream and a loopback port to listen on: the file's own proxy settings are what the test exercises.
/// </summary>
public sealed partial class NginxProcess : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly ChildProcess _process;

    private readonly string _logs;

    private NginxProcess(ChildProcess process, Uri url, string logs)
    {
        _process = process;
        Url = url;
        _logs = logs;
    }

    public Uri Url { get; }

    /// <summary>nginx's own output and the end of its error and access logs (which upstream each request went to).</summary>
    public string Tail() => string.Join('\n', _process.Tail(),
        LogTail("error.log"), LogTail("access.log"));

    /// <summary>The node (host:port) nginx last sent a request for this path to, from its access log.</summary>
    public string? LastUpstreamOf(string path)
    {
        var line = File.ReadLines(Path.Combine(_logs, "access.log")).LastOrDefault(l => l.Contains($" {path} "));
        // "upstream=a:1, b:2 (502, 200)" when the first failed: the last one answered.
        var upstream = line?.Split(" upstream=")[1].Split(" (")[0];
        return upstream?.Split(", ").Last();
    }

    private string LogTail(string name)
    {
        var path = Path.Combine(_logs, name);
        try
        {
            return $"--- nginx {name} ---\n" + string.Join('\n', File.ReadLines(path).TakeLast(40));
        }
        catch (IOException e)
        {
            return $"--- nginx {name}: {e.Message} ---";
        }
    }

    public static async Task<NginxProcess> Start(IEnumerable<Uri> nodes, string folder)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's nginx (apt-get install nginx); .ci/run does");
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var port = BuiltPrograms.FreePort();
        var site = File.ReadAllText(Path.Combine(BuiltPrograms.RepositoryRoot, "deploy", "nginx", "scout.conf"));
        var servers = string.Join("\n", nodes.Select(n => $"    server {n.Host}:{n.Port} max_fails=1 fail_timeout=5s;"));
        site = ServerLines().Replace(site, "");
        site = site.Replace("    keepalive 32;", servers + "\n\n    keepalive 32;");
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{port};");
        var conf = $$"""
            worker_processes 1;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              log_format upstreams '$time_iso8601 $request_method $uri $status upstream=$upstream_addr ($upstream_status) $request_time s';
              access_log {{folder}}/logs/access.log upstreams;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              {{site}}
            }
            """;
        var path = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(path, conf);
        var process = ChildProcess.Start("nginx", Binary, ["-p", folder, "-c", path], folder);
        var nginx = new NginxProcess(process, new Uri($"http://127.0.0.1:{port}"), Path.Combine(folder, "logs"));
        await Eventually.Holds(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited\n{process.Tail()}\n{await File.ReadAllTextAsync(Path.Combine(folder, "logs", "error.log"))}");
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
        }, TimeSpan.FromSeconds(10));
        return nginx;
    }

    [GeneratedRegex(@"^\s*server \d+\.\d+\.\d+\.\d+:\d+[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex ServerLines();

    public void Dispose() => _process.Dispose();
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Scout.Bench.Pipeline;

/// <summary>
/// A server the bench starts as its own process, so /proc shows the server's CPU and memory alone, not
/// the load generator's. Output goes to a log file (a full pipe would stall the child).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log, Uri address, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        LogPath = logPath;
        Proc = new ProcReader(process.Id);
    }

    public Uri Address { get; }

    public string LogPath { get; }

    public ProcReader Proc { get; }

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, int port, string readyPath, CancellationToken ct)
    {
        Directory.CreateDirectory(workingDirectory);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var logPath = Path.Combine(workingDirectory, "output.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start dotnet {dll}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var child = new ChildProcess(process, log, new Uri($"http://127.0.0.1:{port}"), logPath);
        using var http = new HttpClient { BaseAddress = child.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode}; see {logPath}");
            try
            {
                if ((await http.GetAsync(readyPath, ct)).StatusCode == HttpStatusCode.OK)
                    return child;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first answer on a busy machine
            }
            if (DateTime.UtcNow > deadline)
            {
                await child.DisposeAsync();
                throw new TimeoutException($"{Path.GetFileName(dll)} did not answer {readyPath} within 90 s; see {logPath}");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // A server that ended by itself keeps its folder (log, database) for a look; a stopped one leaves nothing.
        var endedByItself = _process.HasExited;
        if (!endedByItself)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // reported by the caller's own exit; nothing else to do
            }
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
        if (!endedByItself)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(LogPath)!, recursive: true);
            }
            catch (IOException)
            {
                // a file still closing: temp is cleaned by the OS eventually
            }
        }
    }
}

/// <summary>Where the repository and the build outputs are, found from the bench's own output folder.</summary>
public static class Repo
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoutRealtime.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no ScoutRealtime.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Debug or Release: the configuration the bench itself was built in (the node is built with it).</summary>
    public static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
}

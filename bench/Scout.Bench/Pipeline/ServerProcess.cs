using System.Net;

namespace Scout.Bench.Pipeline;

/// <summary>
/// A server the bench starts as its own process (<c>dotnet &lt;dll&gt;</c>), so /proc shows the server's CPU and
/// memory alone, not the load generator's. Its output goes to output.log in its working folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ServerProcess(ChildProcess child, Uri address, string folder)
    {
        _child = child;
        Address = address;
        Folder = folder;
        Proc = new ProcReader(child.Pid);
    }

    public Uri Address { get; }

    /// <summary>Its working folder (log, database).</summary>
    public string Folder { get; }

    public ProcReader Proc { get; }

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> (with <paramref name="runtimeConfig"/>, <c>dotnet exec --runtimeconfig
    /// &lt;file&gt; &lt;dll&gt; args</c>) and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Uri address, string readyPath, CancellationToken ct, string? runtimeConfig = null)
    {
        Directory.CreateDirectory(workingDirectory);
        string[] host = runtimeConfig is null ? [] : ["exec", "--runtimeconfig", runtimeConfig];
        var child = ChildProcess.Start("dotnet", [.. host, dll, .. args], workingDirectory, environment,
            logPath: Path.Combine(workingDirectory, "output.log"));
        var server = new ServerProcess(child, address, workingDirectory);
        try
        {
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
            await child.WaitUntilAsync($"{Path.GetFileName(dll)} {readyPath}",
                async () => (await http.GetAsync(readyPath, ct)).StatusCode == HttpStatusCode.OK, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        // A server that ended by itself keeps its folder (log, database) for a look; a stopped one leaves nothing.
        var endedByItself = _child.HasExited;
        _child.Dispose();
        if (!endedByItself)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still closing: temp is cleaned by the OS eventually
            }
        }
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Scout.Tests.Support;

/// <summary>
/// The repository the tests run from and its programs as built beside them (same configuration), each run
/// from its own output folder: copied into the tests' folder it would load the web host's trimmed dependencies.
/// </summary>
public static class BuiltPrograms
{
    /// <summary>The folder holding ScoutRealtime.sln, found upward from the tests' output folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The built <paramref name="dllName"/> of the project in <paramref name="projectFolder"/> (e.g. src/Scout.Ops),
    /// in the configuration the tests run in (their folder is bin/CONFIG/net10.0).</summary>
    public static string Dll(string projectFolder, string dllName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot, projectFolder, "bin", configuration, "net10.0", dllName);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dllName} not built", dll);
    }

    /// <summary>Runs <c>dotnet DLL args</c> to its end; killed (with its children) and a failure after <paramref name="within"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string dll, IEnumerable<string> args, TimeSpan within)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} did not finish within {within}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A loopback port nobody listens on right now, for a node that must come back on the same one.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoutRealtime.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no ScoutRealtime.sln above {AppContext.BaseDirectory}");
    }
}

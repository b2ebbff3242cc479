using System.Net;
using System.Net.Sockets;

namespace Scout.Bench;

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

    /// <summary>A loopback port nobody listens on right now, for a server the bench starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

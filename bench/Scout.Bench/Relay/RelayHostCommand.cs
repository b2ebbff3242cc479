using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scout.Bench.Relay;

/// <summary>
/// <c>scout-bench relay-host --port P</c>: hosts <see cref="RelayHub"/> on loopback. The pipeline command
/// starts it as a child process, so its CPU and memory are measured apart from the load generator's.
/// </summary>
public sealed class RelayHostCommand : IBenchCommand
{
    public string Name => "relay-host";

    public string Usage => "--port P   (internal) the bare SignalR relay the pipeline baseline runs against";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct)
    {
        if (args.Length != 2 || args[0] != "--port" || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            Console.Error.WriteLine($"relay-host: usage: relay-host {Usage}");
            return 2;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<RelayHub>(RelayHub.Path);
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync(ct);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or the parent ending the bench
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}

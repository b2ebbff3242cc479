using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Scout.Web.Observability;

/// <summary>
/// <c>Scout:Metrics:Urls</c>: a small Kestrel server of its own that serves only <c>/metrics</c>, so scrapers reach it
/// on an address that is neither the public port nor behind nginx (and the node's own <c>Urls</c>, command line and
/// tests' Kestrel setup stay untouched). Not started when the setting is empty.
/// </summary>
public sealed class MetricsListener(IOptions<MetricsSettings> options, ILogger<MetricsListener> log) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (port 0 resolved); empty when it is off.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ListenerUrls.Length == 0)
            return;
        // No arguments, no environment prefix: nothing of the node's own configuration (Urls, ASPNETCORE_URLS) applies.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Clear();
        foreach (var url in settings.ListenerUrls)
            app.Urls.Add(url);
        app.UseMetricsGate(settings, publicPort: false);
        app.MapMetrics(MetricsGate.Path);
        await app.StartAsync(cancellationToken);
        _app = app;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Select(a => new Uri(a))];
        log.LogInformation("Metrics listener on {Addresses} ({Auth})", string.Join(", ", Addresses),
            settings.HasToken ? "bearer token required" : "no token: keep this address private");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

using Prometheus;
using Scout.Actors.Observability;

namespace Scout.Web.Observability;

/// <summary>
/// <c>builder.AddScoutMetrics()</c> and <c>app.MapScoutMetrics()</c>: the node's meters (NodeMeter, WebInstruments,
/// ClusterGauges; RuntimeMetrics and prometheus-net's process collector) exported by prometheus-net in Prometheus'
/// text format at <c>/metrics</c>, behind <see cref="MetricsGate"/>, and on <c>Scout:Metrics:Urls</c> when set.
/// </summary>
public static class MetricsHosting
{
    private static int _adapterConfigured;

    public static WebApplicationBuilder AddScoutMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MetricsSettings>(builder.Configuration.GetSection(MetricsSettings.Section));
        builder.Services.AddMetrics();
        builder.Services.AddHostedService<ClusterGauges>();
        builder.Services.AddSingleton<MetricsListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsListener>());
        builder.AddScoutReadiness();
        ConfigureExport();
        return builder;
    }

    public static WebApplication MapScoutMetrics(this WebApplication app)
    {
        var settings = app.Configuration.GetSection(MetricsSettings.Section).Get<MetricsSettings>() ?? new MetricsSettings();
        app.UseMetricsGate(settings, publicPort: true);
        if (settings.HasToken)
            app.MapMetrics(MetricsGate.Path);
        app.MapScoutReadiness();
        return app;
    }

    /// <summary>Once per process: prometheus-net's registry and meter listener are process-wide.</summary>
    private static void ConfigureExport()
    {
        if (Interlocked.Exchange(ref _adapterConfigured, 1) == 1)
            return;
        // The runtime's own meter (System.Runtime: GC, thread pool, CPU) says it all; the older event counters would
        // only say it again under other names.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        RuntimeMetrics.Start();
        NodeMeterExport.Start();
        Metrics.ConfigureMeterAdapter(options =>
        {
            // Ours, named by Prometheus' rules (the runtime's: RuntimeMetrics). .NET's built-in meters (System.Runtime, ASP.NET Core,
            // SignalR, Kestrel, QUIC internals) use OpenTelemetry's names, which promtool refuses (no units, no _total).
            options.InstrumentFilterPredicate = instrument => instrument.Meter.Name == NodeMeter.Name && !NodeMeterExport.Handles(instrument);
        });
    }
}

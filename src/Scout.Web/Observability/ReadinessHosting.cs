using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scout.Actors.AccountSessions;

namespace Scout.Web.Observability;

/// <summary>
/// <c>GET /readyz</c>: ready only when the actor system runs, this node is an Up cluster member, the database answers
/// and the session shard region is registered; ASP.NET Core's health checks run them, Akka.Hosting supplies the first
/// two. <c>/healthz</c> stays the liveness answer (ScoutClusterHosting). 503 with each check's state when not ready.
/// </summary>
public static class ReadinessHosting
{
    public const string Path = "/readyz";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddScoutReadiness(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        // The health-check service logs every unhealthy run as an error: with ReadinessWatch asking four times a
        // second while a node starts, that is a screen of errors for a normal start. ReadinessWatch logs each change
        // of readiness once, naming the checks that fail; /readyz's answer names them too.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        // Only the notifier (it writes to $NOTIFY_SOCKET when systemd set one): not UseSystemd, whose lifetime would
        // say "ready" as soon as the web host started, before the node has joined its cluster.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        builder.Services.AddSingleton<ReadinessWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReadinessWatch>());
        return builder;
    }

    /// <summary>The Akka side, called inside the node's <c>AddAkka</c>.</summary>
    public static AkkaConfigurationBuilder WithScoutHealthChecks(this AkkaConfigurationBuilder akka) =>
        akka.WithActorSystemLivenessCheck(tags: ["live", ReadyTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadyTag])
            .WithHealthCheck("session-region", (_, registry, _) => Task.FromResult(
                registry.TryGet<AccountSessionRegion>(out var region) && !region.IsNobody()
                    ? HealthCheckResult.Healthy("account-session region registered")
                    : HealthCheckResult.Unhealthy("account-session region not registered yet")), tags: [ReadyTag]);

    public static WebApplication MapScoutReadiness(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReport,
        });
        return app;
    }

    /// <summary>Each check's name, state and description: an operator sees which one holds the node back.</summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.RequestServices.GetRequiredService<ReadinessWatch>().Observe(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
            }),
        }));
    }
}

namespace Scout.Web.Observability;

/// <summary>
/// A node that is not ready (not an Up member yet, or no longer; its database or session region missing) answers
/// every request but its health and metrics with <c>503</c> and <c>Retry-After</c>, having done nothing. nginx passes
/// such an answer on to the next node (<c>proxy_next_upstream http_503</c>, deploy/nginx/scout.conf), so a starting
/// or leaving node is skipped instead of holding a page or an agent on calls that cannot be answered.
/// Off with <c>Scout:Http:RefuseUntilReady=false</c>.
/// </summary>
public static class ReadinessGate
{
    public const string Setting = "Scout:Http:RefuseUntilReady";

    private static readonly string[] AlwaysAnswered = ["/healthz", ReadinessHosting.Path, MetricsGate.Path];

    public static WebApplication UseScoutReadinessGate(this WebApplication app)
    {
        if (!app.Configuration.GetValue(Setting, true))
            return app;
        var watch = app.Services.GetRequiredService<ReadinessWatch>();
        app.Use(async (context, next) =>
        {
            if (watch.IsReady || AlwaysAnswered.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { error = "node not ready; try again" });
        });
        return app;
    }
}

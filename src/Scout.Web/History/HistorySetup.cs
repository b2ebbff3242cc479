namespace Scout.Web.History;

/// <summary>Wires stored history into the node: <c>builder.AddScoutHistory()</c> and <c>app.MapScoutHistory()</c>.</summary>
public static class HistorySetup
{
    public static WebApplicationBuilder AddScoutHistory(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => HistorySettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportWriter>());
        services.AddSingleton<ReportQuota>();
        services.AddSingleton<ReportIntake>();
        services.AddHostedService<RetentionPruner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapScoutHistory(this IEndpointRouteBuilder routes)
    {
        HistoryEndpoints.Map(routes);
        return routes;
    }
}

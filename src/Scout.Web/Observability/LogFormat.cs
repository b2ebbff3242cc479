using Microsoft.Extensions.Logging.Console;

namespace Scout.Web.Observability;

/// <summary>
/// <c>Scout:Logging:Format</c>: <c>text</c> (the default, for a terminal) or <c>json</c>, one object a line from ASP.NET
/// Core's JSON console formatter (timestamp, category, level, event id, message, its template and fields, and scopes:
/// a request's trace and span ids). Akka.NET's log events come through the same loggers (the node's AddAkka routes them
/// to Microsoft.Extensions.Logging), so this one setting and <c>Logging:LogLevel</c> control both.
/// </summary>
public static class LogFormat
{
    public const string Setting = "Scout:Logging:Format";

    /// <summary>True for <c>json</c>; false for <c>text</c> or nothing; anything else is refused at start.</summary>
    public static bool IsJson(IConfiguration configuration)
    {
        var format = configuration[Setting];
        if (string.IsNullOrWhiteSpace(format) || format.Equals("text", StringComparison.OrdinalIgnoreCase))
            return false;
        return format.Equals("json", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidOperationException($"{Setting} is '{format}'; it may be 'text' (the default) or 'json'");
    }

    public static WebApplicationBuilder AddScoutLogFormat(this WebApplicationBuilder builder)
    {
        if (!IsJson(builder.Configuration))
            return builder;
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            // One object a line: log shippers (journald, Vector, Promtail) split on newlines.
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        return builder;
    }
}

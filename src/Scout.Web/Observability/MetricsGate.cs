using System.Security.Cryptography;
using System.Text;

namespace Scout.Web.Observability;

/// <summary>
/// Stands before <c>/metrics</c>: with a token set, only a request carrying <c>Authorization: Bearer TOKEN</c> passes
/// (401 with a Bearer challenge otherwise); without one, the public port answers 404 and only the metrics listener
/// serves it. Metrics say how many agents and browsers a node has and how busy it is: not for anonymous visitors.
/// </summary>
public static class MetricsGate
{
    public const string Path = "/metrics";

    /// <param name="publicPort">True on the node's public port, false on <c>Scout:Metrics:Urls</c>'s own listener.</param>
    public static IApplicationBuilder UseMetricsGate(this IApplicationBuilder app, MetricsSettings settings, bool publicPort) =>
        app.UseWhen(context => context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase), gate => gate.Use(async (context, next) =>
        {
            if (!settings.HasToken)
            {
                if (publicPort)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
            }
            else if (!Carries(context.Request.Headers.Authorization.ToString(), settings.Token!))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"scout metrics\"";
                return;
            }
            await next(context);
        }));

    /// <summary>Compares in constant time, so the answer's timing says nothing about how much of a guess was right.</summary>
    public static bool Carries(string authorization, string token)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var given = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }
}

using Scout.Actors.AgentWire;
using Scout.Web.Auth;
using Scout.Web.BrowserHub;

namespace Scout.Web.Security;

/// <summary>
/// Refuses a browser's state change or metrics-hub handshake that comes from a page of another origin (CSRF,
/// cross-site WebSocket hijacking): every POST/PUT/PATCH/DELETE except the agent hub's, and every request to
/// /hubs/metrics (its WebSocket upgrade is a GET). Browsers send <c>Origin</c> on all of these; when it is
/// missing the <c>Referer</c> is checked instead; a request with neither did not come from a page (curl, an
/// agent, a test client), and such a client has no victim's cookie to ride on. Agents authenticate with a key in
/// a header, which no other site can make a browser send, so /hubs/agent is not checked.
/// </summary>
public sealed class OriginCheck(RequestDelegate next, PublicOrigins origins, ILogger<OriginCheck> log)
{
    public const string Refused = "cross-origin request refused";

    private long _lastLogged;

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!NeedsCheck(request))
            return next(http);
        var claimed = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : request.Headers.Referer.ToString();
        if (claimed.Length == 0 || origins.Allows(claimed, request.Host))
            return next(http);
        LogAtMostOncePerMinute(claimed, request.Path);
        return ApiError.WriteAsync(http.Response, StatusCodes.Status403Forbidden, Refused);
    }

    public static bool NeedsCheck(HttpRequest request) =>
        !request.Path.StartsWithSegments(AgentHubMethods.Path)
        && (request.Path.StartsWithSegments(MetricsHub.Path) || !IsSafe(request.Method));

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    // A foreign page can make every visitor's browser try: one line a minute says it happens without a flood.
    private void LogAtMostOncePerMinute(string origin, PathString path)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastLogged);
        if ((last != 0 && now - last < 60_000) || Interlocked.CompareExchange(ref _lastLogged, now, last) != last)
            return;
        log.LogWarning("Refused a request to {Path} from foreign origin {Origin} (logged at most once a minute)",
            path, origin.Length > 100 ? origin[..100] : origin);
    }
}

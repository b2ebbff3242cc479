using System.Net;

namespace Scout.Agent.Link;

/// <summary>Tells a refused key (HTTP 401/403 on negotiate) from a server that is merely unreachable.</summary>
internal static class KeyRefusal
{
    public static HttpStatusCode? StatusOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } http)
                return http.StatusCode;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions)
                    if (StatusOf(inner) is { } status)
                        return status;
        }
        return null;
    }
}

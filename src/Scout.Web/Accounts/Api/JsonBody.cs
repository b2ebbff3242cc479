using System.Text.Json;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>Reads a JSON request body, answering bad bodies with a JSON error instead of an exception page.</summary>
internal static class JsonBody
{
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiError.Result(StatusCodes.Status415UnsupportedMediaType,
                "expected a JSON body (Content-Type: application/json)"));
        }
        try
        {
            var body = await request.ReadFromJsonAsync<T>(ct);
            return body is null
                ? (null, ApiError.Result(StatusCodes.Status400BadRequest, "expected a JSON object"))
                : (body, null);
        }
        catch (JsonException)
        {
            return (null, ApiError.Result(StatusCodes.Status400BadRequest, "malformed JSON body"));
        }
    }
}

namespace Scout.Web.Auth;

/// <summary>Every error the JSON API returns: <c>{ "error": "..." }</c>.</summary>
public sealed record ApiError(string Error)
{
    public static IResult Result(int status, string message) => Results.Json(new ApiError(message), statusCode: status);

    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new ApiError(message));
    }
}

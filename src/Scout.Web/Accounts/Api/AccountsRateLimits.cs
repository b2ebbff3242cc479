using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Scout.Web.Auth;

namespace Scout.Web.Accounts.Api;

/// <summary>
/// Per-address limit on login and signup ("scout-login" policy): AttemptsPerMinute requests per client
/// address (<see cref="Security.ClientAddress"/>: an IPv6 /64 counts as one) per minute. Rejections are 429 with a JSON error (plain text for the HTML form).
/// </summary>
public static class AccountsRateLimits
{
    public const string LoginPolicy = "scout-login";

    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = "60";
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountsRateLimits))
                .LogWarning("Rate limit hit by {Remote} on {Path}", Security.ClientAddress.Key(http), http.Request.Path);
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await ApiError.WriteAsync(http.Response, StatusCodes.Status429TooManyRequests, LoginAttempts.ThrottledMessage);
            }
            else
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(LoginAttempts.ThrottledMessage, ct);
            }
        };
        options.AddPolicy(LoginPolicy, http =>
        {
            var settings = http.RequestServices.GetRequiredService<AccountsSettings>();
            var address = Security.ClientAddress.Key(http);
            return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.AttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
    }
}

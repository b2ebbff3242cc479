using System.Threading.RateLimiting;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Api;

public enum LoginOutcome
{
    Success,
    InvalidCredentials,
    Throttled,
}

/// <summary>
/// One login attempt, shared by the JSON API and the HTML form: the per-email limit (the per-IP
/// limit is the rate-limiting middleware's "scout-login" policy), then the credential check.
/// </summary>
public sealed class LoginAttempts : IDisposable
{
    public const string InvalidMessage = "invalid email or password";
    public const string ThrottledMessage = "too many attempts, try again in a minute";

    private readonly AccountStore _accounts;
    private readonly ILogger<LoginAttempts> _logger;
    private readonly PartitionedRateLimiter<string> _perEmail;

    public LoginAttempts(AccountStore accounts, AccountsSettings settings, ILogger<LoginAttempts> logger)
    {
        _accounts = accounts;
        _logger = logger;
        _perEmail = PartitionedRateLimiter.Create<string, string>(email =>
            RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.AttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    public async Task<(LoginOutcome Outcome, UserRecord? User)> AttemptAsync(
        string? email, string? password, CancellationToken ct)
    {
        var normalized = AccountStore.NormalizeEmail(email ?? "");
        using var lease = _perEmail.AttemptAcquire(normalized);
        if (!lease.IsAcquired)
        {
            _logger.LogWarning("Login attempts for one email exceeded the per-minute limit");
            return (LoginOutcome.Throttled, null);
        }
        if (normalized.Length == 0 || string.IsNullOrEmpty(password) || password.Length > SignupValidation.MaxPasswordLength)
        {
            return (LoginOutcome.InvalidCredentials, null);
        }
        var user = await _accounts.VerifyCredentialsAsync(normalized, password, ct);
        return user is null ? (LoginOutcome.InvalidCredentials, null) : (LoginOutcome.Success, user);
    }

    public void Dispose() => _perEmail.Dispose();
}

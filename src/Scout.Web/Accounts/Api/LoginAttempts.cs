using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Api;

public enum LoginOutcome
{
    Success,
    InvalidCredentials,
    Throttled,
}

/// <summary>
/// One login attempt, shared by the JSON API and the HTML form: lengths first (nothing longer than an email or a
/// password can be is hashed or used as a key), then the lockout of this address for this account
/// (<see cref="LoginLockouts"/>), then the credential check. The per-address limit on every attempt is the
/// rate-limiting middleware's "scout-login" policy.
/// </summary>
public sealed class LoginAttempts(AccountStore accounts, LoginLockouts lockouts, ILogger<LoginAttempts> logger)
{
    public const string InvalidMessage = "invalid email or password";
    public const string ThrottledMessage = "too many attempts, try again in a minute";

    public static string LockedMessage(TimeSpan wait) =>
        $"too many failed logins for this account from your address; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s";

    public sealed record Result(LoginOutcome Outcome, UserRecord? User, TimeSpan Wait = default)
    {
        public string? Message => Outcome switch
        {
            LoginOutcome.InvalidCredentials => InvalidMessage,
            LoginOutcome.Throttled => LockedMessage(Wait),
            _ => null,
        };
    }

    public async Task<Result> AttemptAsync(string address, string? email, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > SignupValidation.MaxEmailLength
            || string.IsNullOrEmpty(password) || password.Length > SignupValidation.MaxPasswordLength)
            return new Result(LoginOutcome.InvalidCredentials, null);
        var normalized = AccountStore.NormalizeEmail(email);
        if (lockouts.Wait(address, normalized) is { } wait && wait > TimeSpan.Zero)
            return new Result(LoginOutcome.Throttled, null, wait);
        var user = await accounts.VerifyCredentialsAsync(normalized, password, ct);
        if (user is null)
        {
            // Once per lockout, not per refused attempt: a guesser cannot flood the log.
            if (lockouts.Failed(address, normalized))
                logger.LogWarning("Logins for one account from {Address} locked out after repeated failures", address);
            return new Result(LoginOutcome.InvalidCredentials, null);
        }
        lockouts.Succeeded(address, normalized);
        return new Result(LoginOutcome.Success, user);
    }
}

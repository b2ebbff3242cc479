using Microsoft.Extensions.Logging.Abstractions;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Api;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class LoginAttemptsSpecs : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));

    private LoginAttempts Attempts(int failuresBeforeLockout = 2) => new(_temp.Accounts,
        new LoginLockouts(new AccountsSettings
        {
            DatabasePath = _temp.FilePath, KeysPath = _temp.Folder, FailuresBeforeLockout = failuresBeforeLockout,
        }, _clock),
        NullLogger<LoginAttempts>.Instance);

    [Fact]
    public async Task Failures_lock_out_that_address_for_that_account_only()
    {
        await _temp.SignupAsync("Acme", "ann@example.com", "password-123");
        var attempts = Attempts();
        await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "wrong-1", default);
        await attempts.AttemptAsync("203.0.113.9", "ANN@example.com", "wrong-2", default);

        var attacker = await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "password-123", default);
        var owner = await attempts.AttemptAsync("198.51.100.7", "ann@example.com", "password-123", default);

        Assert.Equal(LoginOutcome.Throttled, attacker.Outcome);
        Assert.Equal(LoginOutcome.Success, owner.Outcome);
    }

    [Fact]
    public async Task The_wait_doubles_with_each_failure_and_ends_by_itself()
    {
        await _temp.SignupAsync("Acme", "ann@example.com", "password-123");
        var attempts = Attempts(failuresBeforeLockout: 1);
        await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "wrong-1", default);
        var first = await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "wrong-2", default);
        _clock.Now += TimeSpan.FromSeconds(1);
        await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "wrong-3", default);
        var second = await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "password-123", default);
        _clock.Now += TimeSpan.FromSeconds(2);
        var after = await attempts.AttemptAsync("203.0.113.9", "ann@example.com", "password-123", default);

        Assert.Equal((LoginOutcome.Throttled, TimeSpan.FromSeconds(1)), (first.Outcome, first.Wait));
        Assert.Equal((LoginOutcome.Throttled, TimeSpan.FromSeconds(2)), (second.Outcome, second.Wait));
        Assert.Equal("too many failed logins for this account from your address; try again in 2 s", second.Message);
        Assert.Equal(LoginOutcome.Success, after.Outcome);
    }

    public void Dispose() => _temp.Dispose();
}

using Microsoft.Extensions.Logging.Abstractions;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Api;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class LoginAttemptsSpecs : IDisposable
{
    private readonly TempDatabase _temp = new();

    [Fact]
    public async Task One_email_is_throttled_after_the_limit_while_others_are_not()
    {
        await _temp.SignupAsync("Acme", "ann@example.com", "password-123");
        var settings = new AccountsSettings { DatabasePath = _temp.FilePath, KeysPath = _temp.Folder, AttemptsPerMinute = 2 };
        using var attempts = new LoginAttempts(_temp.Accounts, settings, NullLogger<LoginAttempts>.Instance);
        await attempts.AttemptAsync("ann@example.com", "wrong-1", default);
        await attempts.AttemptAsync("ANN@example.com", "wrong-2", default);

        var throttled = await attempts.AttemptAsync("ann@example.com", "password-123", default);
        var other = await attempts.AttemptAsync("bob@example.com", "password-123", default);

        Assert.Equal(LoginOutcome.Throttled, throttled.Outcome);
        Assert.Equal(LoginOutcome.InvalidCredentials, other.Outcome);
    }

    public void Dispose() => _temp.Dispose();
}

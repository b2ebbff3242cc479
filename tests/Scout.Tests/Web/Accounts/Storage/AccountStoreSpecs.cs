using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class AccountStoreSpecs(DatabaseProvider provider) : IDisposable
{
    private protected readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task Signup_makes_the_user_owner_of_the_new_account()
    {
        var (user, account) = await _temp.SignupAsync("Acme", "Ann@Example.com");

        var membership = Assert.Single(await _temp.Accounts.GetMembershipsAsync(user.Id));
        Assert.Equal(new Membership(account.Id, "Acme", AccountRole.Owner), membership);
        Assert.Equal("ann@example.com", user.Email);
    }

    [Fact]
    public async Task Ids_are_short_random_strings()
    {
        var (user, account) = await _temp.SignupAsync("Acme", "ann@example.com");

        Assert.True(ScoutIds.IsWellFormed(user.Id));
        Assert.True(ScoutIds.IsWellFormed(account.Id));
        Assert.NotEqual(user.Id, account.Id);
    }

    [Fact]
    public async Task Email_is_unique_regardless_of_case()
    {
        await _temp.SignupAsync("Acme", "ann@example.com");

        var again = await _temp.Accounts.CreateAccountWithOwnerAsync("Other", "ANN@example.COM", "password123");

        Assert.Equal(SignupOutcome.EmailTaken, again.Outcome);
    }

    [Fact]
    public async Task Account_name_is_unique()
    {
        await _temp.SignupAsync("Acme", "ann@example.com");

        var again = await _temp.Accounts.CreateAccountWithOwnerAsync("acme", "bob@example.com", "password123");

        Assert.Equal(SignupOutcome.AccountNameTaken, again.Outcome);
        Assert.Null(await _temp.Accounts.VerifyCredentialsAsync("bob@example.com", "password123"));
    }

    [Fact]
    public async Task An_account_is_found_by_its_name_in_any_case()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");

        Assert.Equal(account.Id, (await _temp.Accounts.FindAccountByNameAsync("ACME"))?.Id);
    }

    [Fact]
    public async Task Two_signups_with_one_email_at_once_make_one_user()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => _temp.Accounts.CreateAccountWithOwnerAsync($"Team {i}", "ann@example.com", "password123"))));

        Assert.Single(attempts, a => a.Outcome == SignupOutcome.Created);
        Assert.All(attempts.Where(a => a.Outcome != SignupOutcome.Created), a => Assert.Equal(SignupOutcome.EmailTaken, a.Outcome));
    }

    [Fact]
    public async Task Correct_password_verifies_with_any_email_case()
    {
        var (user, _) = await _temp.SignupAsync("Acme", "ann@example.com", "s3cret-pass");

        var verified = await _temp.Accounts.VerifyCredentialsAsync(" ANN@example.com ", "s3cret-pass");

        Assert.Equal(user.Id, verified?.Id);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_are_both_refused()
    {
        await _temp.SignupAsync("Acme", "ann@example.com", "s3cret-pass");

        Assert.Null(await _temp.Accounts.VerifyCredentialsAsync("ann@example.com", "s3cret-pasS"));
        Assert.Null(await _temp.Accounts.VerifyCredentialsAsync("nobody@example.com", "s3cret-pass"));
    }

    [Fact]
    public async Task Password_is_stored_only_as_a_hash()
    {
        await _temp.SignupAsync("Acme", "ann@example.com", "s3cret-pass");

        await using var connection = await _temp.Database.OpenAsync();
        await using var command = connection.Command("SELECT password_hash FROM users;");
        var hash = (string)(await command.ExecuteScalarAsync())!;

        Assert.DoesNotContain("s3cret-pass", hash);
        Assert.True(hash.Length > 40);
    }

    [Fact]
    public async Task Member_is_a_member_but_not_an_owner()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var bob = (await _temp.Accounts.CreateUserAsync("bob@example.com", "password123"))!;

        await _temp.Accounts.AddMembershipAsync(account.Id, bob.Id, AccountRole.Member);

        Assert.True(await _temp.Accounts.IsMemberAsync(account.Id, bob.Id));
        Assert.Equal(AccountRole.Member, await _temp.Accounts.GetRoleAsync(account.Id, bob.Id));
    }

    [Fact]
    public async Task A_user_is_not_a_member_of_someone_elses_account()
    {
        var (ann, _) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (_, globex) = await _temp.SignupAsync("Globex", "gus@example.com");

        Assert.False(await _temp.Accounts.IsMemberAsync(globex.Id, ann.Id));
        Assert.Null(await _temp.Accounts.GetRoleAsync(globex.Id, ann.Id));
    }

    [Fact]
    public async Task Membership_in_an_unknown_account_is_a_clear_error()
    {
        var bob = (await _temp.Accounts.CreateUserAsync("bob@example.com", "password123"))!;

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _temp.Accounts.AddMembershipAsync("NoSuchAcct01", bob.Id, AccountRole.Member));

        Assert.Contains("unknown account", error.Message);
    }

    [Fact]
    public async Task Lists_every_account_of_a_user_with_its_role()
    {
        var (_, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (gus, globex) = await _temp.SignupAsync("Globex", "gus@example.com");
        await _temp.Accounts.AddMembershipAsync(acme.Id, gus.Id, AccountRole.Member);

        var memberships = await _temp.Accounts.GetMembershipsAsync(gus.Id);

        Assert.Equal(
            [new Membership(acme.Id, "Acme", AccountRole.Member), new Membership(globex.Id, "Globex", AccountRole.Owner)],
            memberships);
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : AccountStoreSpecs(DatabaseProvider.Sqlite)
    {
    }

    public sealed class OnPostgreSql() : AccountStoreSpecs(DatabaseProvider.PostgreSql)
    {
    }
}

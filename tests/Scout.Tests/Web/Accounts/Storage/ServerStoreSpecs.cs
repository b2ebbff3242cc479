using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class ServerStoreSpecs(DatabaseProvider provider) : IDisposable
{
    private protected readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task Find_or_create_returns_the_same_server_and_moves_last_seen()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var first = await _temp.Servers.FindOrCreateAsync(account.Id, "web-1");
        _temp.Clock.Now += TimeSpan.FromMinutes(5);

        var second = await _temp.Servers.FindOrCreateAsync(account.Id, "web-1");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.FirstSeen, second.FirstSeen);
        Assert.Equal(first.LastSeen + TimeSpan.FromMinutes(5), second.LastSeen);
    }

    [Fact]
    public async Task A_hostname_is_the_same_server_in_any_case()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");

        var lower = await _temp.Servers.FindOrCreateAsync(account.Id, "web-1");
        var upper = await _temp.Servers.FindOrCreateAsync(account.Id, "WEB-1");

        Assert.Equal(lower.Id, upper.Id);
    }

    [Fact]
    public async Task Same_hostname_in_two_accounts_is_two_servers()
    {
        var (_, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (_, globex) = await _temp.SignupAsync("Globex", "gus@example.com");

        var a = await _temp.Servers.FindOrCreateAsync(acme.Id, "web-1");
        var b = await _temp.Servers.FindOrCreateAsync(globex.Id, "web-1");

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public async Task Get_returns_account_and_hostname_of_a_server()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var created = await _temp.Servers.FindOrCreateAsync(account.Id, "db-1");

        var found = await _temp.Servers.GetAsync(created.Id);

        Assert.Equal((account.Id, "db-1"), (found?.AccountId, found?.Hostname));
        Assert.Null(await _temp.Servers.GetAsync("NoSuchServer"));
    }

    [Fact]
    public async Task Touch_moves_last_seen_only_of_an_existing_server()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var created = await _temp.Servers.FindOrCreateAsync(account.Id, "db-1");
        _temp.Clock.Now += TimeSpan.FromMinutes(1);

        Assert.True(await _temp.Servers.TouchAsync(created.Id));
        Assert.False(await _temp.Servers.TouchAsync("NoSuchServer"));
        Assert.Equal(_temp.Clock.Now, (await _temp.Servers.GetAsync(created.Id))!.LastSeen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    public async Task A_bad_hostname_is_a_clear_error(string hostname)
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _temp.Servers.FindOrCreateAsync(account.Id, hostname));

        Assert.Contains("hostname", error.Message);
    }

    [Fact]
    public async Task An_unknown_account_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _temp.Servers.FindOrCreateAsync("NoSuchAcct01", "web-1"));

        Assert.Contains("unknown account", error.Message);
    }

    [Fact]
    public async Task A_user_lists_only_the_servers_of_their_accounts()
    {
        var (ann, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (_, globex) = await _temp.SignupAsync("Globex", "gus@example.com");
        await _temp.Servers.FindOrCreateAsync(acme.Id, "web-1");
        await _temp.Servers.FindOrCreateAsync(globex.Id, "secret-box");

        var listed = await _temp.Servers.ListForUserAsync(ann.Id);

        var only = Assert.Single(listed);
        Assert.Equal(("web-1", "Acme"), (only.Server.Hostname, only.AccountName));
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : ServerStoreSpecs(DatabaseProvider.Sqlite)
    {
    }

    public sealed class OnPostgreSql() : ServerStoreSpecs(DatabaseProvider.PostgreSql)
    {
    }
}

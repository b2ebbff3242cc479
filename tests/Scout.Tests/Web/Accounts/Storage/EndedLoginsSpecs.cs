using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class EndedLoginsSpecs(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _temp = new(provider);

    private EndedLogins Logins(ScoutDatabase? database = null) => new(database ?? _temp.Database, _temp.Clock);

    [Fact]
    public async Task A_login_ended_on_one_node_is_ended_for_another()
    {
        await Logins().EndAsync("login-1", _temp.Clock.Now.AddDays(7));

        var elsewhere = Logins(_temp.Open());
        Assert.True(await elsewhere.IsEndedAsync("login-1"));
        Assert.False(await elsewhere.IsEndedAsync("login-2"));
    }

    [Fact]
    public async Task Ending_a_login_twice_is_no_error()
    {
        await Logins().EndAsync("login-1", _temp.Clock.Now.AddDays(7));
        await Logins().EndAsync("login-1", _temp.Clock.Now.AddDays(7));

        Assert.Equal(["login-1"], await Logins().EndedAmongAsync(["login-1"]));
    }

    [Fact]
    public async Task Among_many_logins_only_the_ended_ones_are_named()
    {
        var ids = Enumerable.Range(0, 1200).Select(i => $"login-{i}").ToList();
        await Logins().EndAsync("login-3", _temp.Clock.Now.AddDays(7));
        await Logins().EndAsync("login-1100", _temp.Clock.Now.AddDays(7));

        Assert.Equal(["login-1100", "login-3"], (await Logins().EndedAmongAsync(ids)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_row_is_forgotten_once_its_cookie_would_have_expired()
    {
        await Logins().EndAsync("old", _temp.Clock.Now.AddMinutes(1));
        _temp.Clock.Now += TimeSpan.FromMinutes(2);

        await Logins().EndAsync("new", _temp.Clock.Now.AddDays(7));

        Assert.False(await Logins().IsEndedAsync("old"));
        Assert.True(await Logins().IsEndedAsync("new"));
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : EndedLoginsSpecs(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : EndedLoginsSpecs(DatabaseProvider.PostgreSql);
}

using System.Net;
using Scout.Tests.Web.Accounts.Api;
using Microsoft.Extensions.Hosting;
using Scout.Web.Accounts.Seeding;
using Scout.Web.Auth;
using Xunit;

namespace Scout.Tests.Web.Accounts;

/// <summary>
/// Two complete nodes in this process sharing one throw-away PostgreSQL database, as two machines of a
/// cluster would: whatever one node knows about logins, the other must know too.
/// </summary>
public sealed class SharedDatabaseNodeSpecs : IDisposable
{
    private readonly TestPostgres.ThrowawayDatabase _database = TestPostgres.CreateDatabase();
    private readonly ScoutNodeFactory _first;
    private readonly ScoutNodeFactory _second;

    public SharedDatabaseNodeSpecs()
    {
        _first = new ScoutNodeFactory(Settings());
        _second = new ScoutNodeFactory(Settings());
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Scout:Database:Provider"] = "postgresql",
        ["Scout:Database:ConnectionString"] = _database.ConnectionString,
    };

    [Fact]
    public async Task A_cookie_issued_by_one_node_is_accepted_by_the_other_and_a_logout_on_either_ends_it_on_both()
    {
        _first.Start(); // seeds the demo account and makes the cookie-protection key
        _second.Start();
        using var browser = _first.CreatePortClient();
        var login = await browser.LoginAsync("demo@localhost", ScoutNodeFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserCookie.Name + "=")).Split(';')[0];

        using var onSecond = CookieClient(_second, cookie);
        var me = await onSecond.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("demo@localhost", (await me.JsonAsync()).GetProperty("email").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await onSecond.PostAsync("/api/logout", null)).StatusCode);
        using var onFirst = CookieClient(_first, cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Nodes_starting_together_on_an_empty_database_share_one_key_and_each_others_cookies()
    {
        await Task.WhenAll(Task.Run(() => _first.Start()), Task.Run(() => _second.Start()));

        Assert.Equal(1L, await KeysStoredAsync());
        foreach (var (issuer, other) in new[] { (_first, _second), (_second, _first) })
        {
            using var browser = issuer.CreatePortClient();
            var login = await browser.LoginAsync("demo@localhost", ScoutNodeFactory.DemoPassword);
            var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserCookie.Name + "=")).Split(';')[0];
            using var elsewhere = CookieClient(other, cookie);
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/me")).StatusCode);
        }
    }

    [Fact]
    public void The_database_and_the_first_cookie_key_are_made_before_any_other_hosted_service_starts()
    {
        _first.Start();

        // Data Protection's own hosted service makes a key when it finds none; before SharedKeyRing's lock that key
        // raced the other nodes' (a second key stored, cookies refused across nodes until the ring reloads).
        Assert.IsType<AccountsStartup>(_first.Service<IEnumerable<IHostedService>>().First());
    }

    [Fact]
    public async Task A_node_on_postgresql_keeps_nothing_on_its_own_disk()
    {
        _first.Start();
        using var browser = _first.CreatePortClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.LoginAsync("demo@localhost", ScoutNodeFactory.DemoPassword)).StatusCode);

        // Neither the SQLite file nor the cookie-key folder that a SQLite node keeps next to it.
        Assert.False(Directory.Exists(_first.DataFolder) && Directory.EnumerateFileSystemEntries(_first.DataFolder).Any(),
            $"the node wrote to {_first.DataFolder}");
    }

    private async Task<long> KeysStoredAsync()
    {
        await using var connection = await _first.Service<Scout.Web.Accounts.Storage.ScoutDatabase>().OpenAsync();
        await using var command = Scout.Web.Accounts.Storage.DbCommands.Command(connection, "SELECT COUNT(*) FROM data_protection_keys;");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>A client that presents exactly this cookie (no jar of its own), as a browser sent to another node would.</summary>
    private static HttpClient CookieClient(ScoutNodeFactory node, string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = node.Address };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
        _database.Dispose();
    }
}

using Scout.Tests.Web.Accounts;
using Scout.Web.Accounts.Storage;
using Scout.Web.OpsApi;
using Xunit;

namespace Scout.Tests.Web.OpsApi;

/// <summary>The ops console's own queries. Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class StoreOpsDirectorySpecs : IDisposable
{
    private readonly TempDatabase _temp;
    private readonly StoreOpsDirectory _ops;

    private StoreOpsDirectorySpecs(DatabaseProvider provider)
    {
        _temp = new TempDatabase(provider);
        _ops = new StoreOpsDirectory(_temp.Database, _temp.Accounts, _temp.Keys, _temp.Clock);
    }

    [Fact]
    public async Task An_account_name_taken_in_any_case_is_refused()
    {
        Assert.NotNull(await _ops.CreateAccountAsync("Acme"));

        Assert.Null(await _ops.CreateAccountAsync("ACME"));
        Assert.Equal(["Acme"], (await _ops.ListAccountsAsync()).Select(a => a.Name));
    }

    [Fact]
    public async Task Servers_are_found_by_id_or_hostname_within_an_account_or_in_all()
    {
        var (_, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (_, globex) = await _temp.SignupAsync("Globex", "gus@example.com");
        var acmeWeb = await _temp.Servers.FindOrCreateAsync(acme.Id, "web-1");
        await _temp.Servers.FindOrCreateAsync(globex.Id, "web-1");

        Assert.Equal(2, (await _ops.FindServersAsync("web-1")).Count);
        Assert.Equal(acmeWeb.Id, Assert.Single(await _ops.FindServersAsync("web-1", acme.Id)).ServerId);
        Assert.Equal("Acme", Assert.Single(await _ops.FindServersAsync(acmeWeb.Id)).AccountName);
    }

    [Fact]
    public async Task A_key_is_revoked_by_its_id_alone()
    {
        var (_, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (keyId, key) = await _ops.CreateKeyAsync(acme.Id);

        Assert.True(await _ops.RevokeKeyAsync(keyId));
        Assert.False(await _ops.RevokeKeyAsync("NoSuchKey001"));
        Assert.Null(await _temp.Keys.VerifyAsync(key));
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : StoreOpsDirectorySpecs(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : StoreOpsDirectorySpecs(DatabaseProvider.PostgreSql);
}

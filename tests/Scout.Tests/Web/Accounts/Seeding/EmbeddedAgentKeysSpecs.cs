using Scout.Web.Accounts.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Seeding;
using Xunit;

namespace Scout.Tests.Web.Accounts.Seeding;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class EmbeddedAgentKeysSpecs(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task Each_start_mints_a_working_key_and_revokes_the_previous_one()
    {
        var (_, demo) = await _temp.SignupAsync(DemoSeeding.DemoAccountName, DemoSeeding.DemoEmail);
        var firstRun = await ProvisionAsync(_temp.Settings());

        var secondRun = await ProvisionAsync(_temp.Settings());

        Assert.Null(await _temp.Keys.VerifyAsync(firstRun!.Key));
        Assert.Equal(demo.Id, (await _temp.Keys.VerifyAsync(secondRun!.Key))?.AccountId);
    }

    [Fact]
    public async Task Disabled_embedded_agent_gets_no_key()
    {
        var (_, demo) = await _temp.SignupAsync(DemoSeeding.DemoAccountName, DemoSeeding.DemoEmail);

        Assert.Null(await ProvisionAsync(_temp.Settings(embeddedAgent: false)));
        Assert.Empty(await _temp.Keys.ListAsync(demo.Id));
    }

    [Fact]
    public async Task Without_the_demo_account_there_is_no_key_and_no_crash()
    {
        Assert.Null(await ProvisionAsync(_temp.Settings()));
    }

    private async Task<Scout.Web.Accounts.Keys.IssuedAgentKey?> ProvisionAsync(AccountsSettings settings)
    {
        var slot = new EmbeddedAgentKey();
        await new EmbeddedAgentKeys(_temp.Accounts, _temp.Keys, settings, slot, NullLogger<EmbeddedAgentKeys>.Instance)
            .ProvisionAsync();
        return await slot.WaitAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : EmbeddedAgentKeysSpecs(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : EmbeddedAgentKeysSpecs(DatabaseProvider.PostgreSql);
}

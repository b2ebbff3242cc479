using Microsoft.Extensions.Logging.Abstractions;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Seeding;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Seeding;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class DemoSeedingSpecs(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task An_empty_database_gets_the_demo_owner_with_the_configured_password()
    {
        var (seeding, seed, _) = Seeding(_temp.Settings(demoPassword: "demo-password-1"));

        Assert.True(await seeding.SeedIfEmptyAsync());

        var user = await _temp.Accounts.VerifyCredentialsAsync(DemoSeeding.DemoEmail, "demo-password-1");
        var membership = Assert.Single(await _temp.Accounts.GetMembershipsAsync(user!.Id));
        Assert.Equal((DemoSeeding.DemoAccountName, AccountRole.Owner), (membership.AccountName, membership.Role));
        Assert.Equal(membership.AccountId, seed.CreatedThisRun?.AccountId);
    }

    [Fact]
    public async Task The_seeded_agent_key_verifies_and_is_printed()
    {
        var (seeding, seed, console) = Seeding(_temp.Settings(demoPassword: "demo-password-1"));

        await seeding.SeedIfEmptyAsync();

        var key = seed.CreatedThisRun!.AgentKey;
        Assert.Equal(seed.CreatedThisRun.AccountId, (await _temp.Keys.VerifyAsync(key))?.AccountId);
        Assert.Contains(key, console.ToString());
    }

    [Fact]
    public async Task A_configured_password_is_never_printed()
    {
        var (seeding, _, console) = Seeding(_temp.Settings(demoPassword: "demo-password-1"));

        await seeding.SeedIfEmptyAsync();

        Assert.DoesNotContain("demo-password-1", console.ToString());
        Assert.Contains("Scout__Demo__Password", console.ToString());
    }

    [Fact]
    public async Task A_generated_password_is_printed_once_so_the_demo_can_log_in()
    {
        var (seeding, seed, console) = Seeding(_temp.Settings());

        await seeding.SeedIfEmptyAsync();

        Assert.Contains(seed.CreatedThisRun!.Password, console.ToString());
    }

    [Fact]
    public async Task Without_a_configured_password_a_random_one_is_generated_and_works()
    {
        var (seeding, seed, _) = Seeding(_temp.Settings());

        await seeding.SeedIfEmptyAsync();

        var password = seed.CreatedThisRun!.Password;
        Assert.True(password.Length >= 16);
        Assert.NotNull(await _temp.Accounts.VerifyCredentialsAsync(DemoSeeding.DemoEmail, password));
    }

    [Fact]
    public async Task A_second_start_seeds_nothing_and_prints_nothing()
    {
        await Seeding(_temp.Settings(demoPassword: "demo-password-1")).Seeding.SeedIfEmptyAsync();
        var (again, seed, console) = Seeding(_temp.Settings(demoPassword: "other-password"));

        Assert.False(await again.SeedIfEmptyAsync());

        Assert.Null(seed.CreatedThisRun);
        Assert.Equal("", console.ToString());
        Assert.Null(await _temp.Accounts.VerifyCredentialsAsync(DemoSeeding.DemoEmail, "other-password"));
    }

    [Fact]
    public async Task A_database_with_any_account_is_not_seeded()
    {
        await _temp.SignupAsync("Acme", "ann@example.com");

        Assert.False(await Seeding(_temp.Settings()).Seeding.SeedIfEmptyAsync());
        Assert.Null(await _temp.Accounts.FindAccountByNameAsync(DemoSeeding.DemoAccountName));
    }

    [Fact]
    public async Task Nodes_seeding_an_empty_database_together_make_one_demo()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ =>
        {
            var database = _temp.Open();
            var accounts = new AccountStore(database, _temp.Passwords, _temp.Clock);
            return new DemoSeeding(accounts, new Scout.Web.Accounts.Keys.AgentKeyStore(database, _temp.Clock),
                _temp.Settings(demoPassword: "demo-password-1"), new DemoSeed(), NullLogger<DemoSeeding>.Instance, new StringWriter());
        }).ToList();

        var seeded = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.SeedIfEmptyAsync())));

        Assert.Single(seeded, s => s);
        var demo = (await _temp.Accounts.FindAccountByNameAsync(DemoSeeding.DemoAccountName))!;
        Assert.Single(await _temp.Keys.ListAsync(demo.Id));
    }

    private (DemoSeeding Seeding, DemoSeed Seed, StringWriter Console) Seeding(AccountsSettings settings)
    {
        var seed = new DemoSeed();
        var console = new StringWriter();
        return (new DemoSeeding(_temp.Accounts, _temp.Keys, settings, seed, NullLogger<DemoSeeding>.Instance, console),
            seed, console);
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : DemoSeedingSpecs(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : DemoSeedingSpecs(DatabaseProvider.PostgreSql);
}

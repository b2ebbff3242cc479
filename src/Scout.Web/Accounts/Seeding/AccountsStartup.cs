namespace Scout.Web.Accounts.Seeding;

/// <summary>
/// Before the node serves anything: migrate the database, make the shared cookie key (PostgreSQL), seed
/// an empty database, mint the embedded agent's key. A database that cannot be opened or migrated stops the node with the reason.
/// </summary>
public sealed class AccountsStartup(
    Storage.ScoutDatabase database, Storage.SharedKeyRing keyRing, DemoSeeding seeding, EmbeddedAgentKeys embedded,
    ILogger<AccountsStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureReadyAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogCritical(e, "Database {Name} could not be opened or migrated", database.Name);
            throw;
        }
        await keyRing.EnsureKeyAsync(cancellationToken);
        await seeding.SeedIfEmptyAsync(cancellationToken);
        await embedded.ProvisionAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Security.Cryptography;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Seeding;

/// <summary>
/// On an empty database: account "Demo", its owner demo@localhost and one agent key, printed to
/// the console once so the person who started the node can log in and connect an agent.
/// </summary>
public sealed class DemoSeeding(
    AccountStore accounts, AgentKeyStore keys, AccountsSettings settings, DemoSeed seed,
    ILogger<DemoSeeding> logger, TextWriter? console = null, IConfiguration? configuration = null)
{
    public const string DemoAccountName = "Demo";
    public const string DemoEmail = "demo@localhost";
    public const string SeedKeyLabel = "demo seed";

    /// <summary>Seeds when the database is empty. True when this call created the demo.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (!await accounts.IsEmptyAsync(ct))
        {
            return false;
        }
        var password = settings.DemoPassword ?? RandomNumberGenerator.GetString(ScoutIds.Alphabet, 16);
        var result = await accounts.CreateAccountWithOwnerAsync(DemoAccountName, DemoEmail, password, ct);
        if (result.Outcome != SignupOutcome.Created || result.Account is null)
        {
            // Another node sharing the database seeded between our check and our insert.
            logger.LogInformation("Demo account already exists; not seeding");
            return false;
        }
        var key = await keys.CreateAsync(result.Account.Id, SeedKeyLabel, ct);
        seed.Record(new DemoSeed.Created(result.Account.Id, DemoEmail, password, key.Key));
        logger.LogInformation("Seeded demo account {AccountId} with owner {Email} and agent key {KeyId}",
            result.Account.Id, DemoEmail, key.KeyId);

        // Deliberately the console and not the logger: log sinks keep copies, this must be shown once only.
        // With JSON logs stdout is a log sink (journald, a shipper): no secrets then, and no lines that are not JSON.
        if (configuration is not null && Observability.LogFormat.IsJson(configuration))
        {
            logger.LogWarning("Demo account {Email} created; its password and agent key are not shown with JSON logs: set " +
                              "Scout__Demo__Password before the first start, and make keys with scout-ops keys create --account {Account}",
                DemoEmail, DemoAccountName);
            return true;
        }
        var output = console ?? Console.Out;
        output.WriteLine();
        output.WriteLine("==== Scout demo account created (shown once) ====");
        output.WriteLine($"  login:     {DemoEmail}");
        // A password the operator chose is theirs already: echoing it would only put it in a terminal's
        // scrollback and in whatever collects this process's output.
        output.WriteLine(settings.DemoPassword is null
            ? $"  password:  {password}  (generated; set Scout__Demo__Password to choose)"
            : "  password:  the one in Scout__Demo__Password");
        output.WriteLine($"  agent key: {key.Key}");
        output.WriteLine("==================================================");
        output.WriteLine();
        return true;
    }
}

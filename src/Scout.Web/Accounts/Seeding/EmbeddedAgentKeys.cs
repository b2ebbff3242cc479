using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts.Seeding;

/// <summary>
/// Mints the embedded agent's key: a new key in the configured account (default "Demo") labelled
/// "embedded agent on &lt;machine&gt;", revoking the one the previous start made. The plain key
/// lives only in memory, so nothing on disk has to be kept secret for the local agent.
/// </summary>
public sealed class EmbeddedAgentKeys(
    AccountStore accounts, AgentKeyStore keys, AccountsSettings settings, EmbeddedAgentKey slot,
    ILogger<EmbeddedAgentKeys> logger)
{
    public static string Label => $"embedded agent on {Environment.MachineName}";

    public async Task ProvisionAsync(CancellationToken ct = default)
    {
        try
        {
            if (!settings.EmbeddedAgentEnabled)
            {
                slot.Set(null);
                return;
            }
            var account = await accounts.FindAccountByNameAsync(settings.EmbeddedAgentAccount, ct);
            if (account is null)
            {
                logger.LogWarning("Embedded agent has no key: account {Account} does not exist (Scout:EmbeddedAgent:Account)",
                    settings.EmbeddedAgentAccount);
                slot.Set(null);
                return;
            }
            var key = await keys.ReplaceLabelledAsync(account.Id, Label, ct);
            logger.LogInformation("Embedded agent key {KeyId} issued for account {AccountId}", key.KeyId, account.Id);
            slot.Set(key);
        }
        catch (Exception e)
        {
            slot.Fail(e);
            throw;
        }
    }
}

using Scout.Web.Accounts.Keys;

namespace Scout.Web.Agents;

/// <summary>
/// Closes the live connections of agent keys revoked anywhere (the ops console, the accounts API, another
/// node sharing the database): every few seconds (Scout:AgentKeys:RevocationCheck, default 5 s) it asks the
/// database for keys revoked since its last look. A closed agent reconnects, is refused with 401 and stops.
/// </summary>
public sealed class RevokedKeyWatch(
    AgentKeyStore keys, AgentKeyConnections connections, IConfiguration configuration, TimeProvider clock,
    ILogger<RevokedKeyWatch> log) : BackgroundService
{
    public static readonly TimeSpan DefaultCheck = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue<TimeSpan?>("Scout:AgentKeys:RevocationCheck") ?? DefaultCheck;
        // Connections are only ever made with keys live at the time, so a look back one period covers a
        // revocation that committed just before this node started.
        var since = clock.GetUtcNow() - every;
        using var timer = new PeriodicTimer(every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Looks overlap by a period: a revocation stamped just before a look may commit just after it.
            var now = clock.GetUtcNow();
            try
            {
                foreach (var keyId in await keys.RevokedSinceAsync(since.ToUnixTimeMilliseconds(), stoppingToken))
                {
                    var closed = connections.Close(keyId);
                    if (closed > 0)
                        log.LogInformation("Agent key {KeyId} was revoked; closed {Count} connection(s)", keyId, closed);
                }
                since = now - every;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not check for revoked agent keys; trying again in {Every}", every);
            }
        }
    }
}

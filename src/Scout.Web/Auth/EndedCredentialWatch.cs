using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Auth;

/// <summary>
/// Closes the live hub connections of agent keys revoked and browser logins ended anywhere (the ops
/// console, the accounts API, another node sharing the database). Every few seconds
/// (Scout:Credentials:CheckEvery, default 5 s) it asks the database which of the credentials connected to
/// this node are no longer valid. Asking about the ones it holds, rather than for what changed since a
/// time, needs no clocks to agree and cannot miss a connection that finished opening late.
/// A closed agent reconnects, is refused with 401 and stops; a closed browser is sent to log in.
/// </summary>
public sealed class EndedCredentialWatch(
    AgentKeyStore keys, EndedLogins logins, AgentKeyConnections agents, LoginConnections browsers,
    IConfiguration configuration, TimeProvider clock, ILogger<EndedCredentialWatch> log) : BackgroundService
{
    public static readonly TimeSpan DefaultCheck = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue<TimeSpan?>("Scout:Credentials:CheckEvery") is { } set && set > TimeSpan.Zero
            ? set
            : DefaultCheck;
        using var timer = new PeriodicTimer(every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                Close("Agent key", agents, await keys.RevokedAmongAsync(agents.Credentials(), stoppingToken));
                Close("Login", browsers, await logins.EndedAmongAsync(browsers.Credentials(), stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not check for revoked keys and ended logins; trying again in {Every}", every);
            }
        }
    }

    private void Close(string what, ConnectionsByCredential connections, IReadOnlyList<string> ended)
    {
        foreach (var id in ended)
        {
            var closed = connections.Close(id);
            if (closed > 0)
                log.LogInformation("{What} {Id} is no longer valid; closed {Count} connection(s)", what, id, closed);
        }
    }
}

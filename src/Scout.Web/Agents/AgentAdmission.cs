using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Scout.Actors.AgentWire;
using Scout.Actors.RateLimiting;
using Scout.Web.Accounts.Storage;
using Scout.Web.BrowserHub;
using Scout.Web.Observability;

namespace Scout.Web.Agents;

/// <summary>
/// Which server an agent's connection stands for, or why it is refused: an invalid hostname, the account's
/// server limit, or too many new hostnames at once (<see cref="AgentAdmissionSettings"/>). A refusal names
/// how long the agent should wait; each kind of refusal is logged once per account (then counted), so an
/// agent retrying, or an attacker trying hostnames, cannot flood the log.
/// </summary>
public sealed class AgentAdmission(ServerStore servers, IOptions<AgentAdmissionSettings> options, TimeProvider clock, ILogger<AgentAdmission> log)
{
    /// <summary>Nothing the agent can change by waiting: it tries again only now and then.</summary>
    public static readonly TimeSpan PermanentRetry = TimeSpan.FromMinutes(10);

    public const string InvalidHostname = "invalid hostname: " + AgentHostnames.Rule;

    private readonly ConcurrentDictionary<string, TokenBucket> _newServers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Kind), byte> _logged = new();
    private long _refused;

    /// <summary>Connections refused since start (every reason).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The server, or a refusal (reason and wait). Throws only when the database fails.</summary>
    public async Task<Admission> AdmitAsync(string accountId, string hostname, CancellationToken ct)
    {
        var settings = options.Value;
        if (!AgentHostnames.IsValid(hostname))
            return Refuse(accountId, "hostname", InvalidHostname, PermanentRetry);
        if (await servers.FindAsync(accountId, hostname, ct) is null)
        {
            if (await servers.CountAsync(accountId, ct) >= settings.MaxServersPerAccount)
                return Refuse(accountId, "limit",
                    $"this account has the most servers allowed ({settings.MaxServersPerAccount}); remove one, or raise {AgentAdmissionSettings.Section}:MaxServersPerAccount",
                    PermanentRetry);
            var bucket = _newServers.GetOrAdd(accountId, _ => new TokenBucket(settings.NewServerBurst, settings.NewServersPerMinute / 60, clock));
            bool taken;
            lock (bucket)
                taken = bucket.TryTake();
            if (!taken)
            {
                var wait = TimeSpan.FromMinutes(1 / settings.NewServersPerMinute);
                return Refuse(accountId, "rate",
                    $"too many new servers for this account (at most {settings.NewServerBurst} at once, then {settings.NewServersPerMinute:0.##} a minute); retry in {wait.TotalSeconds:0} s",
                    wait);
            }
        }
        var s = await servers.FindOrCreateAsync(accountId, hostname, ct);
        return new Admission(new ServerRef(s.Id, s.AccountId, s.Hostname), null, TimeSpan.Zero);
    }

    private Admission Refuse(string accountId, string kind, string reason, TimeSpan retryAfter)
    {
        var count = Interlocked.Increment(ref _refused);
        WebInstruments.Refused("agent", kind switch
        {
            "hostname" => "invalid_hostname",
            "limit" => "server_limit",
            _ => "new_server_rate",
        });
        // Bounded: three kinds per account, and accounts are the node's own.
        if (_logged.TryAdd((accountId, kind), 0))
            log.LogWarning("Refused an agent connection of account {AccountId}: {Reason} (logged once per account and reason; {Count} refused so far)",
                accountId, reason, count);
        return new Admission(null, reason, retryAfter);
    }
}

/// <summary>The server an agent's connection stands for, or why it is refused and how long to wait.</summary>
public sealed record Admission(ServerRef? Server, string? Refusal, TimeSpan RetryAfter);

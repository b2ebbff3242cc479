using System.Text;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>Everything the agent needs to run; built by <see cref="AgentOptionsLoader"/> or by an embedding host.</summary>
public sealed record AgentOptions
{
    /// <summary>Base URL of a server node, e.g. http://127.0.0.1:5080; the agent hub path is added.</summary>
    public required Uri Server { get; init; }

    /// <summary>The account's agent key, sent as bearer token. Never logged, never printed.</summary>
    public required string Key { get; init; }

    /// <summary>How this machine names itself to the server (query parameter <c>hostname</c>).</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    public ReconnectSettings Reconnect { get; init; } = ReconnectSettings.Default;

    public LocalBufferSettings Buffer { get; init; } = LocalBufferSettings.Default;

    /// <summary>
    /// Samples per Backfill call: 5 minutes of samples in one message would pass SignalR's default
    /// 32 KB receive limit on the hub, so the buffer goes up in slices.
    /// </summary>
    public int BackfillBatchSize { get; init; } = 5;

    /// <summary>Minute reports and their spool; off unless the host turns them on (the agent program does).</summary>
    public ReportSettings Report { get; init; } = ReportSettings.Disabled;

    // A record prints every property; the key must never reach a log line or an exception message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Server = {Server}, Key = ***, Hostname = {Hostname}, Reconnect = {Reconnect}, Buffer = {Buffer}, BackfillBatchSize = {BackfillBatchSize}, Report = {Report}");
        return true;
    }
}

/// <summary>Capped exponential backoff between connection attempts, with +/- <c>Jitter</c> share of randomness.</summary>
public sealed record ReconnectSettings(TimeSpan MinBackoff, TimeSpan MaxBackoff, double Jitter)
{
    public static readonly ReconnectSettings Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);

    public ReconnectSettings Validate()
    {
        if (MinBackoff <= TimeSpan.Zero) throw new ArgumentException($"reconnect min-backoff must be positive, got {MinBackoff}");
        if (MaxBackoff < MinBackoff) throw new ArgumentException($"reconnect max-backoff ({MaxBackoff}) must not be below min-backoff ({MinBackoff})");
        if (Jitter is < 0 or >= 1) throw new ArgumentException($"reconnect jitter must be in [0, 1), got {Jitter}");
        return this;
    }

    /// <summary>Delay before attempt number <paramref name="attempt"/> (0 = first retry): min * 2^attempt, capped, jittered.</summary>
    public TimeSpan DelayFor(int attempt, double random01)
    {
        var exponent = Math.Min(attempt, 30);
        var capped = Math.Min(MinBackoff.TotalMilliseconds * Math.Pow(2, exponent), MaxBackoff.TotalMilliseconds);
        var jittered = capped * (1 + Jitter * (2 * random01 - 1));
        return TimeSpan.FromMilliseconds(Math.Max(1, jittered));
    }
}

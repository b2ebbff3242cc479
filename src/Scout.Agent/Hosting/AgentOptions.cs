using System.Text;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>Everything the agent needs to run; built by <see cref="AgentOptionsLoader"/> or by an embedding host.</summary>
public sealed record AgentOptions
{
    /// <summary>
    /// Base URLs of the server nodes, e.g. http://127.0.0.1:5080 (the agent hub path is added): at least one,
    /// http or https (the loader also removes duplicates). The link starts at a random one and moves to the next when a node is
    /// unreachable or its connection is lost; any node of the cluster will do.
    /// </summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>The account's agent key, sent as bearer token. Never logged, never printed.</summary>
    public required string Key { get; init; }

    /// <summary>How this machine names itself to the server (query parameter <c>hostname</c>).</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>How much of each process's command line leaves the machine: secrets hidden by default.</summary>
    public CommandLineMode CommandLines { get; init; } = CommandLineMode.Redacted;

    /// <summary>How many processes by CPU, and as many by memory, each sample lists (scout.agent.top-processes).</summary>
    public int TopProcesses { get; init; } = ProcMetricsOptions.DefaultTopProcesses;

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
        builder.Append($"Servers = [{string.Join(", ", Servers)}], Key = ***, Hostname = {Hostname}, CommandLines = {CommandLines}, TopProcesses = {TopProcesses}, Reconnect = {Reconnect}, Buffer = {Buffer}, BackfillBatchSize = {BackfillBatchSize}, Report = {Report}");
        return true;
    }

    /// <summary>The server list, for hosts that build the options themselves: at least one URL, each http(s).</summary>
    public AgentOptions Validate()
    {
        if (Servers is null || Servers.Count == 0)
            throw new ArgumentException("at least one server URL is needed");
        foreach (var server in Servers)
            if (server is null || !server.IsAbsoluteUri || server.Scheme is not ("http" or "https"))
                throw new ArgumentException($"server URL '{server}' is not an http:// or https:// URL");
        return this;
    }
}

/// <summary>Parsing and comparing the server base URLs of <see cref="AgentOptions.Servers"/>.</summary>
public static class ServerUrls
{
    /// <summary>
    /// One value of a server setting: a URL, or several separated by commas (the environment's and the
    /// command line's way of giving a list). Empty items (a trailing comma) are skipped.
    /// </summary>
    public static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The URL, or null when it is not an absolute http:// or https:// URL.</summary>
    public static Uri? Parse(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https") ? uri : null;

    /// <summary>What makes two base URLs the same node: scheme, host, port and path, a trailing slash aside (scheme and host in lower case).</summary>
    public static string Canonical(Uri uri) => uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The URLs in their first order, later duplicates removed.</summary>
    public static IReadOnlyList<Uri> Distinct(IEnumerable<Uri> uris)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. uris.Where(uri => seen.Add(Canonical(uri)))];
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

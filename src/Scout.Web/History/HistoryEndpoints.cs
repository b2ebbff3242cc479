using System.Globalization;
using System.Security.Claims;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.History;

/// <summary>GET /api/servers/{id}/history: a server's stored series, downsampled, only for members of its account.</summary>
public static class HistoryEndpoints
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/servers/{id}/history", GetAsync).RequireAuthorization(ScoutPolicies.Browser);

    private static async Task<IResult> GetAsync(
        string id, string? from, string? to, string? metrics, ClaimsPrincipal user,
        ServerStore servers, AccountStore accounts, ReportStore reports, TimeProvider clock, CancellationToken ct)
    {
        // Unknown server and another account's server answer alike, so ids of other accounts cannot be probed.
        var server = await servers.GetAsync(id, ct);
        if (server is null || !await accounts.IsMemberAsync(server.AccountId, user.RequireUserId(), ct))
            return ApiError.Result(StatusCodes.Status404NotFound, "server not found");

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!TryParseTime(to, out var toMs, now, "to", out var error) ||
            !TryParseTime(from, out var fromMs, toMs - (long)DefaultRange.TotalMilliseconds, "from", out error))
            return ApiError.Result(StatusCodes.Status400BadRequest, error!);
        if (fromMs >= toMs)
            return ApiError.Result(StatusCodes.Status400BadRequest, "from must be before to");
        if (!TryParseMetrics(metrics, out var series, out var details, out error))
            return ApiError.Result(StatusCodes.Status400BadRequest, error!);

        var bucketMs = BucketFor(fromMs, toMs);
        var data = await reports.QueryAsync(server.Id, fromMs, toMs, bucketMs, series, ct);
        var coreBucketMs = BucketFor(fromMs, toMs, MaxCorePoints);
        var cores = details.Contains(CoresMetric) ? await reports.QueryCoresAsync(server.Id, fromMs, toMs, coreBucketMs, ct) : null;
        var snapshot = details.Contains(SnapshotMetric) ? await reports.SnapshotAsync(server.Id, fromMs, toMs, ct) : null;
        return Results.Ok(new HistoryResponse(server.Id, fromMs, toMs, bucketMs, data,
            cores is null ? null : coreBucketMs, cores, snapshot));
    }

    /// <summary>Asks for the per-core series (<c>cores</c> in the answer), not a column series.</summary>
    public const string CoresMetric = "cpu.cores";

    /// <summary>Asks for the newest report's filesystems and processes in the range (<c>snapshot</c>).</summary>
    public const string SnapshotMetric = "snapshot";

    /// <summary>
    /// Points per core: a machine may report up to 1,024 cores, and a thousand points each would make an answer of tens
    /// of megabytes; 250 a core still fills a chart's width with the shape of each.
    /// </summary>
    public const int MaxCorePoints = 250;

    private static readonly string[] DetailMetrics = [CoresMetric, SnapshotMetric];

    /// <summary>Width of a bucket so that the range holds at most <see cref="HistorySettings.MaxPoints"/>; never below a second.</summary>
    public static long BucketFor(long from, long to, int maxPoints = HistorySettings.MaxPoints) =>
        Math.Max(1000, (to - from + maxPoints - 1) / maxPoints);

    /// <summary>Unix milliseconds (digits only) or ISO 8601 (a time without offset is UTC); absent means the default.</summary>
    public static bool TryParseTime(string? text, out long unixMs, long fallback, string name, out string? error)
    {
        error = null;
        unixMs = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        if (text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unixMs))
            return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            unixMs = time.ToUnixTimeMilliseconds();
            return true;
        }
        error = $"{name} must be Unix milliseconds or an ISO 8601 time, got '{Echo(text)}'";
        return false;
    }

    /// <summary>What the caller sent, shortened: an error repeats enough to recognise it, not kilobytes of junk.</summary>
    private static string Echo(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Column series (<see cref="HistorySeries"/>) and detail (<see cref="CoresMetric"/>, <see cref="SnapshotMetric"/>)
    /// named in <paramref name="text"/>; nothing named means all of them.</summary>
    public static bool TryParseMetrics(string? text, out IReadOnlyList<HistorySeries> series, out IReadOnlySet<string> details, out string? error)
    {
        error = null;
        series = HistorySeries.All;
        details = DetailMetrics.ToHashSet();
        if (string.IsNullOrWhiteSpace(text)) return true;
        var chosen = new List<HistorySeries>();
        var chosenDetails = new HashSet<string>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
        {
            if (DetailMetrics.Contains(name))
                chosenDetails.Add(name);
            else if (HistorySeries.Named(name) is { } known)
                chosen.Add(known);
            else
            {
                error = $"unknown metric '{Echo(name)}' (known: {string.Join(", ", HistorySeries.All.Select(s => s.Name).Concat(DetailMetrics))})";
                return false;
            }
        }
        series = chosen;
        details = chosenDetails;
        return true;
    }
}

/// <summary>The history response; each point is [t (Unix ms, bucket start), min, avg, max].</summary>
/// <param name="CoreBucketMs">Bucket width of <paramref name="Cores"/> (coarser than <paramref name="BucketMs"/> over long ranges).</param>
/// <param name="Cores">Per-core busy % by core name, when asked for.</param>
/// <param name="Snapshot">The newest report's filesystems and processes in the range, when asked for and there is one.</param>
public sealed record HistoryResponse(
    string ServerId, long From, long To, long BucketMs, IReadOnlyDictionary<string, List<double[]>> Series,
    long? CoreBucketMs = null, IReadOnlyDictionary<string, List<double[]>>? Cores = null, ReportSnapshot? Snapshot = null);

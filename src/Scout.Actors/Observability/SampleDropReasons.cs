namespace Scout.Actors.Observability;

/// <summary>
/// The <c>reason</c> label of <c>scout_samples_dropped_total</c>: a fixed word for each way a sample is refused. The
/// proxy's reasons are sentences for the log (some name a path in the JSON), so they are mapped here to a bounded set.
/// </summary>
public static class SampleDropReasons
{
    public const string Malformed = "malformed";
    public const string WrongServer = "wrong_server";
    public const string FutureTime = "future_time";
    public const string ImpossibleValue = "impossible_value";

    /// <summary>How every reason of the proxy's physical bounds (SampleIntake.SampleBounds) begins.</summary>
    public const string ImpossibleValuePrefix = "impossible value";
    public const string Oversized = "oversized";
    public const string TooFrequent = "too_frequent";
    public const string NotStreaming = "not_streaming";
    public const string BackfillNotAsked = "backfill_not_asked";
    public const string SlowConnection = "slow_connection";
    public const string NotRegisteredAgent = "not_registered_agent";
    public const string Other = "other";

    /// <summary>The label of a proxy's drop reason (AgentProxy, SampleLimits).</summary>
    public static string Of(string reason) => reason switch
    {
        _ when reason.StartsWith("malformed", StringComparison.Ordinal) => Malformed,
        _ when reason.StartsWith("oversized", StringComparison.Ordinal) => Oversized,
        _ when reason.StartsWith("server id", StringComparison.Ordinal) => WrongServer,
        _ when reason.StartsWith("sampling time", StringComparison.Ordinal) => FutureTime,
        _ when reason.StartsWith(ImpossibleValuePrefix, StringComparison.Ordinal) => ImpossibleValue,
        "too frequent" => TooFrequent,
        "not streaming" => NotStreaming,
        "backfill not asked for" => BackfillNotAsked,
        _ => Other,
    };
}

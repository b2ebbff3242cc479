namespace Scout.Web.Observability;

/// <summary>Who may read <c>/metrics</c> and where; bound from <c>Scout:Metrics</c> (docs/metrics-prometheus.md).</summary>
public sealed class MetricsSettings
{
    public const string Section = "Scout:Metrics";

    /// <summary>The bearer token a scraper must send (<c>Authorization: Bearer TOKEN</c>, Prometheus' <c>authorization</c>
    /// setting). Unset: the public port has no <c>/metrics</c> at all, only <see cref="Urls"/> serves it.</summary>
    public string? Token { get; set; }

    /// <summary>A listener of its own for <c>/metrics</c> (e.g. <c>http://10.0.0.1:9464</c>; several separated by <c>;</c>),
    /// apart from the public port and nginx. It asks for <see cref="Token"/> too when one is set.</summary>
    public string? Urls { get; set; }

    public bool HasToken => !string.IsNullOrEmpty(Token);

    public string[] ListenerUrls =>
        string.IsNullOrWhiteSpace(Urls) ? [] : Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

namespace Scout.Actors.OpsApi;

/// <summary>
/// A HOST:PORT as operators type it (<c>--node</c>, <c>cluster leave</c>): split at the last colon, the port a
/// number from 1 to 65535. <see cref="Host"/> is as typed; <see cref="BareHost"/> without IPv6 brackets.
/// </summary>
public readonly record struct HostPort(string Host, int Port)
{
    public string BareHost => Host.Trim('[', ']');

    public static bool TryParse(string? text, out HostPort hostPort)
    {
        hostPort = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(text![(colon + 1)..], out var port) || port is <= 0 or > 65535)
            return false;
        hostPort = new HostPort(text[..colon], port);
        return true;
    }

    /// <summary>For text already checked with <see cref="TryParse"/> (the console's <c>--node</c> values).</summary>
    public static HostPort Parse(string text) =>
        TryParse(text, out var hostPort) ? hostPort : throw new FormatException($"not HOST:PORT: {text}");
}

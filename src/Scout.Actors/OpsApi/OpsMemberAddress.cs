using Akka.Actor;
using Akka.Cluster;

namespace Scout.Actors.OpsApi;

/// <summary>
/// The member a <c>cluster leave/down</c> argument names: a full address (<c>akka.tcp://scout@host:port</c>, as
/// <c>cluster show</c> prints it) or the HOST:PORT an operator passes to <c>--node</c>, matched on host and port.
/// </summary>
public static class OpsMemberAddress
{
    /// <summary>The member's address, or <see cref="OpsProtocol.Refused"/> saying why not.</summary>
    public static object Resolve(string? text, IEnumerable<Member> members)
    {
        text = text?.Trim() ?? "";
        var all = members.ToList();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            Address parsed;
            try
            {
                parsed = Address.Parse(text);
            }
            catch (Exception)
            {
                return new OpsProtocol.Refused($"not an address: {text} (akka.tcp://scout@HOST:PORT or HOST:PORT)");
            }
            return all.Any(m => m.Address.Equals(parsed)) ? parsed : new OpsProtocol.Refused($"not a member: {parsed}");
        }
        if (!HostPort.TryParse(text, out var hostPort))
            return new OpsProtocol.Refused($"not an address: {text} (akka.tcp://scout@HOST:PORT or HOST:PORT)");
        var member = all.FirstOrDefault(m => m.Address.Port == hostPort.Port
            && string.Equals(m.Address.Host, hostPort.Host, StringComparison.OrdinalIgnoreCase));
        return member is null ? new OpsProtocol.Refused($"not a member: {text}") : member.Address;
    }
}

using System.Net;
using System.Net.Sockets;
using Scout.Actors.OpsApi;

namespace Scout.Ops.Connection;

/// <summary>
/// The forms of a <c>--node HOST:PORT</c> worth trying. Akka.Remote delivers only to the exact host a node
/// advertises (<c>Scout:Cluster:Hostname</c>, 127.0.0.1 by default), so <c>localhost:4053</c> alone never reaches a
/// node advertising 127.0.0.1. The addresses a name resolves to come first, the name as given last (a node may
/// advertise a name): <see cref="OpsLocator"/> tries the name only after those addresses, since two connections to
/// one node at once, by name and by address, were seen to lose both.
/// </summary>
public static class NodeAddressForms
{
    public static async Task<IReadOnlyList<string>> ResolveAsync(string node, TimeSpan within)
    {
        var parsed = HostPort.Parse(node);
        var (host, port) = (parsed.BareHost, parsed.Port);
        var forms = new List<string>();
        if (IPAddress.TryParse(host, out _))
            return [node];
        try
        {
            // A name server that does not answer must not cost more than the console's contact deadline.
            var lookup = Dns.GetHostAddressesAsync(host);
            if (await Task.WhenAny(lookup, Task.Delay(within)) != lookup)
                return forms;
            // IPv4 only: nodes advertise an IPv4 address or a name (akka.tcp addresses carry no bracketed IPv6 here).
            forms.AddRange((await lookup)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => $"{a}:{port}")
                .Distinct());
        }
        catch (SocketException)
        {
            // Unknown name: only the form as given is tried, and the node is reported unreachable by that name.
        }
        forms.Add(node);
        return forms;
    }
}

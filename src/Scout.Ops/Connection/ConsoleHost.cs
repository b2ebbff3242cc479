using System.Net;
using System.Net.Sockets;
using Scout.Actors.OpsApi;

namespace Scout.Ops.Connection;

/// <summary>
/// The address nodes use to reach the console. Replies to a request travel back over the console's own connection,
/// but <c>top</c>'s samples are sent by whichever node hosts the session, straight to the address the console
/// advertises: 127.0.0.1 would point that node at itself. So the console advertises the local address its traffic to
/// the first node leaves from (127.0.0.1 for a node on this machine), or <c>--host</c> when that is not reachable
/// from the nodes (NAT, several interfaces).
/// </summary>
public static class ConsoleHost
{
    public const string Loopback = "127.0.0.1";

    /// <summary>The local address that routes to <paramref name="node"/> (a HOST:PORT form with an IP host); loopback
    /// when the node is local or no route is known.</summary>
    public static string RoutingTo(string node)
    {
        var hostPort = HostPort.Parse(node);
        if (!IPAddress.TryParse(hostPort.BareHost, out var ip) || IPAddress.IsLoopback(ip))
            return Loopback;
        try
        {
            // Connecting a UDP socket sends nothing: it only asks the routing table which local address would be used.
            using var probe = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(ip, hostPort.Port));
            return probe.LocalEndPoint is IPEndPoint local ? local.Address.ToString() : Loopback;
        }
        catch (SocketException)
        {
            return Loopback;
        }
    }
}

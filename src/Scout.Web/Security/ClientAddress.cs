using System.Net;

namespace Scout.Web.Security;

/// <summary>
/// The client's address as limiters count it: after forwarded headers (only a known proxy's are believed), an
/// IPv4 address as is and an IPv6 address by its /64 prefix, since one subscriber usually holds a whole /64 and
/// could otherwise take a fresh bucket for every attempt.
/// </summary>
public static class ClientAddress
{
    public static string Key(HttpContext http) => Key(http.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

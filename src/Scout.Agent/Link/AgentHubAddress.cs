using Scout.Actors.AgentWire;

namespace Scout.Agent.Link;

/// <summary>How the link reaches the server's agent hub.</summary>
internal static class AgentHubAddress
{
    /// <summary>A server's base URL + hub path + <c>?hostname=</c>, whatever trailing slash or path the base URL has.</summary>
    public static Uri For(Uri server, string hostname)
    {
        var baseUrl = server.ToString().TrimEnd('/');
        return new Uri($"{baseUrl}{AgentHubMethods.Path}?{AgentHubMethods.HostnameParameter}={Uri.EscapeDataString(hostname)}");
    }
}

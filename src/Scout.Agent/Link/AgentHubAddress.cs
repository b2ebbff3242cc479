using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;

namespace Scout.Agent.Link;

/// <summary>How the link reaches the server's agent hub.</summary>
internal static class AgentHubAddress
{
    /// <summary>Server base URL + hub path + <c>?hostname=</c>, whatever trailing slash or path the base URL has.</summary>
    public static Uri For(AgentOptions options)
    {
        var baseUrl = options.Server.ToString().TrimEnd('/');
        return new Uri($"{baseUrl}{AgentHubMethods.Path}?{AgentHubMethods.HostnameParameter}={Uri.EscapeDataString(options.Hostname)}");
    }
}

namespace Scout.Web.Accounts.Api;

/// <summary>
/// The exact commands shown once with a new agent key. Every node URL goes in as its own <c>--server</c>, so the
/// agent can move to another node when its own goes away (docs/agent.md); the install script is fetched from the
/// first of them, which serves it at <see cref="InstallScriptPath"/> (docs/deploy.md).
/// </summary>
internal static class AgentCommands
{
    public const string InstallScriptPath = "/downloads/install-agent.sh";

    /// <summary>Scout:AgentUrls, else Scout:PublicUrl, else the URL the browser used to reach this node.</summary>
    public static IReadOnlyList<string> ServerUrls(AccountsSettings settings, HttpRequest request) =>
        settings.AgentUrls.Count > 0 ? settings.AgentUrls
        : [settings.PublicUrl ?? $"{request.Scheme}://{request.Host}"];

    public static string Install(IReadOnlyList<string> servers, string key) =>
        $"curl -fsSL {servers[0]}{InstallScriptPath} | sudo sh -s -- {Arguments(servers, key)}";

    public static string DotnetRun(IReadOnlyList<string> servers, string key) =>
        $"dotnet run --project src/Scout.Agent -- {Arguments(servers, key)}";

    private static string Arguments(IReadOnlyList<string> servers, string key) =>
        string.Join(" ", servers.Select(s => $"--server {s}")) + $" --key {key}";
}

namespace Scout.Actors.Agents;

/// <summary>Method names on the agent hub (<c>/hubs/agent</c>); both sides use these constants.</summary>
public static class AgentHubMethods
{
    public const string Path = "/hubs/agent";

    /// <summary>Query-string parameter the agent names its host with when it connects.</summary>
    public const string HostnameParameter = "hostname";

    // server -> agent
    public const string Welcome = "Welcome";
    public const string StartStreaming = "StartStreaming";
    public const string RenewLease = "RenewLease";
    public const string StopStreaming = "StopStreaming";

    // agent -> server
    public const string Sample = "Sample";
    public const string Backfill = "Backfill";

    /// <summary>Agent → server invocation: a minute report; returns a ReportAck once it is durable (or rejected).</summary>
    public const string Report = "Report";
}

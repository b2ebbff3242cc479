namespace Scout.Actors.AgentWire;

/// <summary>Method names on the agent hub (<c>/hubs/agent</c>); both sides use these constants.</summary>
public static class AgentHubMethods
{
    public const string Path = "/hubs/agent";

    /// <summary>Query-string parameter the agent names its host with when it connects.</summary>
    public const string HostnameParameter = "hostname";

    // server -> agent
    public const string Welcome = "Welcome";
    public const string StartStreaming = "StartStreaming";
    public const string StopStreaming = "StopStreaming";

    /// <summary>Server → agent, instead of Welcome: the connection is refused (reason, retry after), then closed.</summary>
    public const string Refused = "Refused";

    // agent -> server
    public const string Sample = "Sample";
    public const string Backfill = "Backfill";

    /// <summary>Agent → server invocation: a minute report; returns a ReportAck once it is durable (or rejected).</summary>
    public const string Report = "Report";

    // Keep-alive pings, set in step on the hub and the agent's connection. SignalR's defaults (a ping every
    // 15 s each way, 30 s of silence ends a connection) cost a node ~270 messages/s at 2,000 idle agents.
    // Each side's silence limit is three of the other side's ping intervals. The node still pings within 20 s,
    // so agents built before this change (30 s silence limit) stay connected; agents of this version ping
    // every 30 s and so need a node of this version (90 s limit): upgrade nodes first (docs/hubs.md).
    // Both stay under the 60 s idle timeout common in load balancers.

    /// <summary>How often the node pings an agent that heard nothing else from it.</summary>
    public static readonly TimeSpan NodeKeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>How often an agent pings a node that heard nothing else from it.</summary>
    public static readonly TimeSpan AgentKeepAlive = TimeSpan.FromSeconds(30);

    /// <summary>Silence from an agent after which the node closes its connection (the hub's client timeout).</summary>
    public static readonly TimeSpan AgentSilenceLimit = 3 * AgentKeepAlive;

    /// <summary>Silence from the node after which an agent drops the connection and reconnects (its server timeout).</summary>
    public static readonly TimeSpan NodeSilenceLimit = 3 * NodeKeepAlive;
}

using Akka.Actor;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.OpsApi;

/// <summary>
/// What the scout-ops console asks a node's ops service (through that node's ClusterClient receptionist) and what
/// it answers.
/// Every request is answered with one reply: the typed result, <see cref="Refused"/> (exit 4) or <see cref="Failed"/>.
/// </summary>
public static class OpsProtocol
{
    /// <summary>Path the service is registered under with the ClusterClientReceptionist.</summary>
    public const string ServicePath = "/user/ops";

    /// <summary>The console's actor system name: its remoting address is <c>akka.tcp://scout-ops@host:port</c>.</summary>
    public const string ConsoleSystemName = "scout-ops";

    /// <summary>Where every node's ClusterClient receptionist runs (Akka's default name).</summary>
    public const string ReceptionistPath = "/system/receptionist";

    // ---- requests ----

    public sealed record GetCluster : IScoutMessage;

    /// <summary><paramref name="Action"/> is leave, down or down-unreachable (no address).</summary>
    public sealed record ClusterAction(string Action, string? Address) : IScoutMessage;

    public sealed record ListAgents(string? Account) : IScoutMessage;

    public sealed record ListStreams(string? Account) : IScoutMessage;

    public sealed record EndServerStream(string Account, string Server) : IScoutMessage;

    public sealed record ListAccounts : IScoutMessage;

    public sealed record CreateAccount(string Name) : IScoutMessage;

    /// <summary>The password travels only on the operators' trusted network and is never printed.</summary>
    public sealed record AddUser(string Account, string Email, string Password) : IScoutMessage
    {
        public override string ToString() => $"AddUser {{ Account = {Account}, Email = {Email} }}";
    }

    public sealed record CreateKey(string Account) : IScoutMessage;

    public sealed record RevokeKey(string KeyId) : IScoutMessage;

    public sealed record GetHierarchy(int Depth, string Path) : IScoutMessage;

    /// <summary>The console's own actor subscribes to a server like a node's bridge: the service resolves the server's
    /// account and sends the session a Watch with <paramref name="Subscriber"/> as subscriber and sender.</summary>
    public sealed record StartTop(string Server, IActorRef Subscriber) : IScoutMessage;

    public sealed record StopTop(string ServerId, string AccountId, IActorRef Subscriber) : IScoutMessage;

    /// <summary>From one node's ops service to another's (every Up member, itself included): the sessions running
    /// on that node, read from its own shard region so that asking never starts a session. Null: every account.</summary>
    public sealed record ListNodeStreams(string? AccountId) : IScoutMessage;

    // ---- replies ----

    public sealed record Refused(string Reason) : IScoutMessage;

    /// <summary>The node could not do it (a store failed): exit 4 with the node's reason.</summary>
    public sealed record Failed(string Reason) : IScoutMessage;

    /// <summary>The node answered, but a part of the cluster it needed (another member, a session) did not in time:
    /// exit 3, like an unreachable node.</summary>
    public sealed record Unanswered(string Reason) : IScoutMessage;

    public sealed record Done(string Message) : IScoutMessage;

    public sealed record MemberRow(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool Leader);

    public sealed record ClusterReport(string Self, string? Leader, IReadOnlyList<MemberRow> Members) : IScoutMessage;

    /// <summary><paramref name="SamplesRelayed"/> and <paramref name="SamplesDropped"/> count this connection's
    /// samples passed on to the session and refused as bad input (wrong server, oversized, too frequent, malformed).</summary>
    public sealed record AgentRow(string ServerId, string Hostname, string Account, string Node, long ConnectedAt, bool Streaming,
        long SamplesRelayed, long SamplesDropped);

    public sealed record AgentsList(IReadOnlyList<AgentRow> Agents, IReadOnlyList<string> UnansweredNodes) : IScoutMessage;

    /// <summary><paramref name="Node"/>: the member whose shard region runs the account's session (where its
    /// watchers' samples pass; where a kill -9 interrupts them until the session starts elsewhere).</summary>
    public sealed record StreamRow(string Account, string ServerId, string Hostname, bool Online, bool Streaming,
        int Watchers, long? StartedAt, double SamplesPerSecond, long SamplesReceived, long? LeaseUntil, string Node);

    /// <summary><paramref name="UnansweredNodes"/>: members that did not answer (in time, or completely); their sessions are missing.</summary>
    public sealed record StreamsList(IReadOnlyList<StreamRow> Sessions, IReadOnlyList<string> UnansweredNodes) : IScoutMessage;

    /// <summary>Reply to <see cref="ListNodeStreams"/>: what each running session of the node reported.
    /// <paramref name="Complete"/> false when a session of the node did not answer in time.</summary>
    public sealed record NodeStreams(IReadOnlyList<SessionProtocol.StreamsReport> Sessions, bool Complete) : IScoutMessage;

    public sealed record AccountRow(string Id, string Name, long Created);

    public sealed record AccountsList(IReadOnlyList<AccountRow> Accounts) : IScoutMessage;

    /// <summary>The only time the key itself is shown: the operator hands it to the agent.</summary>
    public sealed record KeyCreated(string KeyId, string Account, string Key) : IScoutMessage
    {
        public override string ToString() => $"KeyCreated {{ KeyId = {KeyId}, Account = {Account} }}";
    }

    /// <summary>The tree twice: <paramref name="Lines"/> indented for people, <paramref name="Root"/> for scripts
    /// (added later, so null from a node that predates it).</summary>
    public sealed record Hierarchy(IReadOnlyList<string> Lines, ActorNode? Root = null) : IScoutMessage;

    /// <summary>One actor of <see cref="Hierarchy"/>: its name, its path on the node, and its children down to the depth asked
    /// (an actor at that depth lists none, whatever it has).</summary>
    public sealed record ActorNode(string Name, string Path, IReadOnlyList<ActorNode> Children);

    /// <summary>Reply to <see cref="StartTop"/> before the session's WatchAccepted: who the server is.</summary>
    public sealed record TopTarget(string ServerId, string AccountId, string Hostname) : IScoutMessage;
}

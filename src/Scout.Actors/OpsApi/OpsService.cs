using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentProxies;

namespace Scout.Actors.OpsApi;

/// <summary>
/// A node's answer to the scout-ops console ("ops", registered with the ClusterClientReceptionist).
/// Every request runs as a task piped back to the asker, so a slow store or a silent node never blocks
/// the actor; failures turn into <see cref="OpsProtocol.Failed"/> instead of a console hang.
/// </summary>
public sealed class OpsService : ReceiveActor
{
    /// <summary>How long to wait for another node's "agents" or a session before reporting it unanswered.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly IOpsDirectory _directory;
    private readonly IActorRef _sessions;
    // Captured once: the request tasks continue off the actor's thread, where Context is not available.
    private readonly ActorSystem _system = Context.System;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public OpsService(IOpsDirectory directory, IActorRef sessions)
    {
        _directory = directory;
        _sessions = sessions;
        var cluster = Cluster.Get(Context.System);

        Receive<OpsProtocol.GetCluster>(_ => Sender.Tell(ClusterReport(cluster)));
        Receive<OpsProtocol.ClusterAction>(a => Sender.Tell(ApplyClusterAction(cluster, a)));
        Receive<OpsProtocol.GetHierarchy>(h => Sender.Tell(OpsHierarchy.Walk((ExtendedActorSystem)Context.System, h.Path, h.Depth)));
        Receive<OpsProtocol.ListAgents>(l => Reply(ListAgents(l.Account)));
        Receive<OpsProtocol.ListStreams>(l => Reply(OpsStreams.ListAsync(_system, _directory, l.Account)));
        Receive<OpsProtocol.ListNodeStreams>(l => Reply(OpsStreams.ListLocalAsync(_sessions, l.AccountId)));
        Receive<OpsProtocol.EndServerStream>(e => Reply(EndServerStream(e)));
        Receive<OpsProtocol.ListAccounts>(_ => Reply(ListAccounts()));
        Receive<OpsProtocol.CreateAccount>(c => Reply(CreateAccount(c.Name)));
        Receive<OpsProtocol.AddUser>(u => Reply(AddUser(u)));
        Receive<OpsProtocol.CreateKey>(k => Reply(CreateKey(k.Account)));
        Receive<OpsProtocol.RevokeKey>(k => Reply(RevokeKey(k.KeyId)));
        Receive<OpsProtocol.StartTop>(StartTop);
        Receive<OpsProtocol.StopTop>(s =>
            _sessions.Tell(new SessionProtocol.Unwatch(s.AccountId, s.ServerId, TopConnectionId(s.Subscriber), s.Subscriber), s.Subscriber));
    }

    public static Props Props(IOpsDirectory directory, IActorRef sessions) =>
        Akka.Actor.Props.Create(() => new OpsService(directory, sessions));

    /// <summary>One watcher per console actor: its path is unique in the cluster.</summary>
    public static string TopConnectionId(IActorRef subscriber) => "ops:" + subscriber.Path.ToSerializationFormat();

    private void Reply<T>(Task<T> work)
    {
        var replyTo = Sender;
        work.PipeTo(replyTo, failure: e =>
        {
            _log.Warning(e, "Ops request failed");
            // A part of the cluster that did not answer is the console's "unreachable" (exit 3), not a refusal.
            return e.GetBaseException() is AskTimeoutException timeout
                ? new OpsProtocol.Unanswered(timeout.Message)
                : new OpsProtocol.Failed(e.GetBaseException().Message);
        });
    }

    private static OpsProtocol.ClusterReport ClusterReport(Cluster cluster)
    {
        var state = cluster.State;
        var rows = state.Members
            .Select(m => new OpsProtocol.MemberRow(m.Address.ToString(), m.Roles.OrderBy(r => r).ToList(),
                m.Status.ToString(), !state.Unreachable.Contains(m), m.Address.Equals(state.Leader)))
            .ToList();
        return new OpsProtocol.ClusterReport(cluster.SelfAddress.ToString(), state.Leader?.ToString(), rows);
    }

    private object ApplyClusterAction(Cluster cluster, OpsProtocol.ClusterAction action)
    {
        if (action.Action == "down-unreachable")
        {
            var unreachable = cluster.State.Unreachable.Select(m => m.Address).ToList();
            foreach (var address in unreachable)
                cluster.Down(address);
            _log.Info("Operator downed {0} unreachable member(s)", unreachable.Count);
            return new OpsProtocol.Done($"downing {unreachable.Count} unreachable member(s)"
                + (unreachable.Count == 0 ? "" : ": " + string.Join(", ", unreachable)));
        }
        var member = OpsMemberAddress.Resolve(action.Address, cluster.State.Members);
        if (member is not Address parsed)
            return member;
        switch (action.Action)
        {
            case "leave":
                cluster.Leave(parsed);
                break;
            case "down":
                cluster.Down(parsed);
                break;
            default:
                return new OpsProtocol.Refused($"unknown cluster action: {action.Action}");
        }
        _log.Info("Operator asked {0} to {1}", parsed, action.Action);
        return new OpsProtocol.Done($"{action.Action}: {parsed}");
    }

    private async Task<object> ListAgents(string? accountName)
    {
        var (filter, refusal) = await AccountFilter.ResolveAsync(_directory, accountName);
        if (filter is null)
            return refusal!;
        var onlyAccount = filter.OnlyAccountId;
        // Every node holds the connections of its own agents: ask each Up member's "agents".
        var answers = await EveryMember.AskAsync<AgentProxyProtocol.AgentsReport>(
            _system, "agents", AgentProxyProtocol.GetAgents.Instance, AskTimeout);
        var rows = answers.Where(a => a.Answer is not null)
            .SelectMany(a => a.Answer!.Agents)
            .Where(a => onlyAccount is null || a.AccountId == onlyAccount)
            .Select(a => new OpsProtocol.AgentRow(a.ServerId, a.Hostname, filter.NameOf(a.AccountId),
                a.Node, a.ConnectedAt, a.Streaming, a.SamplesRelayed, a.SamplesDropped))
            .OrderBy(a => a.Account).ThenBy(a => a.Hostname)
            .ToList();
        var unanswered = answers.Where(a => a.Answer is null).Select(a => a.Member.ToString()).ToList();
        return new OpsProtocol.AgentsList(rows, unanswered);
    }

    private async Task<object> EndServerStream(OpsProtocol.EndServerStream end)
    {
        var account = await _directory.FindAccountAsync(end.Account);
        if (account is null)
            return new OpsProtocol.Refused($"unknown account: {end.Account}");
        // The hostname within the named account: another account's server of the same name is not a candidate.
        var choice = OpsServerChoice.Choose(await _directory.FindServersAsync(end.Server, account.Id), end.Server, account.Name);
        if (choice is not OpsServer server)
            return choice;
        var ended = await _sessions.Ask<SessionProtocol.EndStreamResult>(
            new SessionProtocol.EndStream(account.Id, server.ServerId, SessionProtocol.EndReasons.Operator), AskTimeout);
        if (!ended.Existed)
            return new OpsProtocol.Refused($"no live session for {server.Hostname} ({server.ServerId})");
        _log.Info("Operator ended the session of server {0} in account {1}", server.ServerId, account.Id);
        return new OpsProtocol.Done($"ended session of {server.Hostname} ({server.ServerId})");
    }

    private async Task<object> ListAccounts() => new OpsProtocol.AccountsList(await _directory.ListAccountsAsync());

    private async Task<object> CreateAccount(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64)
            return new OpsProtocol.Refused("an account name is 1 to 64 characters");
        // As sign-up refuses them: a name holding terminal escapes would act on every operator's `accounts list`.
        if (name.Any(char.IsControl))
            return new OpsProtocol.Refused("an account name has no control characters");
        var created = await _directory.CreateAccountAsync(name);
        return created is null
            ? new OpsProtocol.Refused($"account name taken: {name}")
            : new OpsProtocol.Done($"created account {created.Name} ({created.Id})");
    }

    private async Task<object> AddUser(OpsProtocol.AddUser add)
    {
        var account = await _directory.FindAccountAsync(add.Account);
        if (account is null)
            return new OpsProtocol.Refused($"unknown account: {add.Account}");
        var added = await _directory.AddUserAsync(account.Id, add.Email, add.Password);
        return added.Outcome switch
        {
            OpsUserOutcome.Created => new OpsProtocol.Done($"added {added.Email} to {account.Name}"),
            // An existing user keeps the password they sign in with; the operator is told the one given was not used.
            OpsUserOutcome.AddedExisting => new OpsProtocol.Done(
                $"added existing user {added.Email} to {account.Name} as a member; the password given was ignored (it stays the user's own)"),
            OpsUserOutcome.AlreadyMember => new OpsProtocol.Refused($"{added.Email} is already a member of {account.Name}"),
            _ => new OpsProtocol.Refused(added.Reason ?? "refused"),
        };
    }

    private async Task<object> CreateKey(string accountName)
    {
        var account = await _directory.FindAccountAsync(accountName);
        if (account is null)
            return new OpsProtocol.Refused($"unknown account: {accountName}");
        var (keyId, key) = await _directory.CreateKeyAsync(account.Id);
        _log.Info("Operator created agent key {0} for account {1}", keyId, account.Id);
        return new OpsProtocol.KeyCreated(keyId, account.Name, key);
    }

    private async Task<object> RevokeKey(string keyId)
    {
        if (!await _directory.RevokeKeyAsync(keyId))
            return new OpsProtocol.Refused($"no active key: {keyId}");
        _log.Info("Operator revoked agent key {0}", keyId);
        return new OpsProtocol.Done($"revoked key {keyId}");
    }

    private void StartTop(OpsProtocol.StartTop top)
    {
        var replyTo = Sender;
        var sessions = _sessions;
        _directory.FindServersAsync(top.Server).ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                replyTo.Tell(new OpsProtocol.Failed(t.Exception!.GetBaseException().Message));
                return;
            }
            var choice = OpsServerChoice.Choose(t.Result, top.Server);
            if (choice is not OpsServer server)
            {
                replyTo.Tell(choice);
                return;
            }
            replyTo.Tell(new OpsProtocol.TopTarget(server.ServerId, server.AccountId, server.Hostname));
            // The session answers WatchAccepted to the watcher and pushes samples to it as to any subscriber.
            sessions.Tell(new SessionProtocol.Watch(server.AccountId, server.ServerId, TopConnectionId(top.Subscriber), top.Subscriber), top.Subscriber);
        }, TaskContinuationOptions.ExecuteSynchronously);
    }
}

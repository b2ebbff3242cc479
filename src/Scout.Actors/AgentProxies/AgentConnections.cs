using Akka.Actor;
using Akka.Event;
using static Scout.Actors.AgentProxies.AgentProxyProtocol;

namespace Scout.Actors.AgentProxies;

/// <summary>
/// One per node: creates the AgentProxy of each agent connection on this node and answers who is
/// connected here. Proxies are its children, named after the connection.
/// </summary>
public sealed class AgentConnections : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(IAgentChannel channel, IActorRef sessions) =>
        Akka.Actor.Props.Create(() => new AgentConnections(channel, sessions));

    public AgentConnections(IAgentChannel channel, IActorRef sessions)
    {
        Receive<AttachAgent>(m =>
        {
            var name = ProxyName(m.ConnectionId);
            var proxy = Context.Child(name);
            if (proxy.IsNobody())
                proxy = Context.ActorOf(AgentProxy.Props(m, channel, sessions), name);
            Sender.Tell(new AgentAttached(m.ConnectionId, proxy));
        });
        Receive<DetachAgent>(m => Context.Child(ProxyName(m.ConnectionId)).Tell(ConnectionEnded.Instance));
        Receive<GetAgents>(_ =>
        {
            var children = Context.GetChildren().ToList();
            var replyTo = Sender;
            Task.WhenAll(children.Select(c => c.Ask<AgentInfo>(GetInfo.Instance, TimeSpan.FromSeconds(3))
                    .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null)))
                .ContinueWith(t => new AgentsReport([.. t.Result.OfType<AgentInfo>()]))
                .PipeTo(replyTo);
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A proxy that throws on one message keeps its state and goes on: a restart would register the
        // agent again and ask it for another backfill, so a bad sample would be amplified, not dropped.
        new OneForOneStrategy(ex =>
        {
            _log.Error(ex, "Agent proxy failed on a message; resuming it");
            return Directive.Resume;
        });

    /// <summary>Connection ids are URL-safe; the prefix keeps actor names kebab-case and readable.</summary>
    public static string ProxyName(string connectionId) => "agent-" + Uri.EscapeDataString(connectionId);
}

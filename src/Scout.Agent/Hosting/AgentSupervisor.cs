using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Scout.Agent.Link;
using Scout.Agent.Metrics;
using Scout.Agent.Reporting;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>
/// Parent of the agent's actors (the local buffer and the link). Turns the link's key refusal into
/// the end of the agent, so the host (and the process) can exit instead of retrying forever.
/// </summary>
public sealed class AgentSupervisor : ReceiveActor
{
    public AgentSupervisor(AgentOptions options, IMetricsSource source, ILoggerFactory? loggerFactory, TaskCompletionSource<AgentExit> exit)
    {
        var log = Context.GetLogger();
        IActorRef? buffer = options.Buffer.Enabled
            ? Context.ActorOf(LocalBuffer.Props(source, options.Buffer), "local-buffer")
            : null;
        var link = Context.ActorOf(AgentLink.Props(options, source, buffer, loggerFactory), "link");
        // Reports are made from the buffer's readings (AgentHost checks the buffer is on when reports are).
        IActorRef? reporter = options.Report.Enabled && buffer is not null
            ? Context.ActorOf(Reporter.Props(options.Report, buffer, link), "reporter")
            : null;

        Receive<AgentLinkProtocol.KeyRefused>(refused =>
        {
            exit.TrySetResult(AgentExit.Refused(refused.Message));
            Context.Stop(Self);
        });
        Receive<AgentLinkProtocol.GetStatus>(get => link.Forward(get));
        Receive<LocalBufferProtocol.GetBuffer>(get =>
        {
            if (buffer is null) Sender.Tell(new LocalBufferProtocol.BufferContents([]));
            else buffer.Forward(get);
        });
        Receive<ReporterProtocol.GetReporterStatus>(get =>
        {
            if (reporter is null) Sender.Tell(new ReporterProtocol.ReporterStatus(0, 0, 0, 0, 0, 0));
            else reporter.Forward(get);
        });
        log.Debug("Agent started (buffer {0})", buffer is null ? "off" : "on");
    }

    public static Props Props(AgentOptions options, IMetricsSource source, ILoggerFactory? loggerFactory, TaskCompletionSource<AgentExit> exit) =>
        Akka.Actor.Props.Create(() => new AgentSupervisor(options, source, loggerFactory, exit));
}

/// <summary>Why the agent ended on its own: today only a refused key.</summary>
public sealed record AgentExit(bool KeyRefused, string Message)
{
    public static AgentExit Refused(string message) => new(true, message);
}

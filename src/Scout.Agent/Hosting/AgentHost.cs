using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Scout.Actors.Scheduling;
using Scout.Agent.Metrics;
using Scout.Agent.Streaming;

namespace Scout.Agent.Hosting;

/// <summary>
/// Runs an agent: its own local ActorSystem with the link to the server and the local buffer.
/// Used by scout-agent's Program and, in-process, by the web node for the machine it runs on.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly TaskCompletionSource<AgentExit> _exit;

    private AgentHost(ActorSystem system, IActorRef agent, TaskCompletionSource<AgentExit> exit)
    {
        _system = system;
        Agent = agent;
        _exit = exit;
    }

    /// <summary>The agent's top actor; answers AgentLinkProtocol.GetStatus and LocalBufferProtocol.GetBuffer.</summary>
    public IActorRef Agent { get; }

    public ActorSystem System => _system;

    /// <summary>Completes when the agent ends by itself (a refused key); never while it is merely disconnected.</summary>
    public Task<AgentExit> Exited => _exit.Task;

    /// <param name="config">Akka settings; defaults to hocon/agent.hocon next to the binary (or built-in defaults without it).</param>
    // Akka creates the scheduler and the executor named in hocon by type name; this keeps their constructors
    // in the native agent.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(OnDemandScheduler))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(AgentThreadExecutorConfigurator))]
    public static Task<AgentHost> StartAsync(AgentOptions options, IMetricsSource source, ILoggerFactory? loggerFactory = null, Config? config = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        options.Validate();
        options.Reconnect.Validate();
        options.Buffer.Validate();
        options.Report.Validate();
        if (options.Report.Enabled && (!options.Buffer.Enabled || options.Buffer.Length < options.Report.Interval))
            throw new ArgumentException(
                $"reports are made from the local buffer: it must be on and hold at least one report interval ({options.Report.Interval}), it holds {options.Buffer.Length}");

        var hocon = config ?? AgentConfig.Load();
        BootstrapSetup bootstrap = BootstrapSetup.Create();
        if (loggerFactory is not null)
        {
            // Akka's own log lines go to the host's ILoggerFactory instead of stdout, by category and with their fields
            // (the node's JSON logs). Only the embedded agent passes a factory: the AOT agent keeps Akka's stdout logger.
            hocon = ConfigurationFactory.ParseString("akka.loggers = [\"Scout.Actors.Logging.AkkaLogBridge, Scout.Actors\"]").WithFallback(hocon);
        }
        bootstrap = bootstrap.WithConfig(hocon);
        ActorSystemSetup setup = loggerFactory is null
            ? ActorSystemSetup.Create(bootstrap)
            : ActorSystemSetup.Create(bootstrap, new LoggerFactorySetup(loggerFactory));

        var system = ActorSystem.Create("scout-agent", setup);
        var exit = new TaskCompletionSource<AgentExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        var agent = system.ActorOf(AgentSupervisor.Props(options, source, loggerFactory, exit), "agent");
        return Task.FromResult(new AgentHost(system, agent, exit));
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}

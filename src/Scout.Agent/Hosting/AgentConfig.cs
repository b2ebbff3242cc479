using Akka.Configuration;

namespace Scout.Agent.Hosting;

/// <summary>Finds and parses hocon/agent.hocon (next to the binary), falling back to built-in defaults.</summary>
public static class AgentConfig
{
    public const string RelativePath = "hocon/agent.hocon";

    // Used when the file is missing (e.g. an embedding host that did not copy it): the same defaults.
    private const string Defaults = """
        scout.agent {
          servers = [], key = ""
          buffer { enabled = on, length = 5m, interval = 1s, backfill-batch-size = 5 }
          reconnect { min-backoff = 1s, max-backoff = 30s, jitter = 0.2 }
        }
        akka {
          loglevel = INFO, stdout-loglevel = WARNING, actor.provider = local
          scheduler { implementation = "Scout.Actors.Scheduling.OnDemandScheduler, Scout.Actors", tick-duration = 100ms }
          actor.default-dispatcher.executor = "Scout.Agent.Hosting.AgentThreadExecutorConfigurator, scout-agent"
          loggers-dispatcher = "akka.actor.internal-dispatcher"
        }
        """;

    public static Config Load(string? baseDirectory = null)
    {
        var path = Path.Combine(baseDirectory ?? AppContext.BaseDirectory, RelativePath);
        var defaults = ConfigurationFactory.ParseString(Defaults);
        return File.Exists(path)
            ? ConfigurationFactory.ParseString(File.ReadAllText(path)).WithFallback(defaults)
            : defaults;
    }
}

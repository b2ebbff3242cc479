using System.Collections;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace Scout.Actors.Logging;

/// <summary>
/// Akka.NET's logger for the node and its embedded agent (<c>akka.loggers</c>): each log event goes to Microsoft.Extensions.Logging under the class that logged it
/// (<c>Scout.Actors.AccountSessions.AccountSession</c>, <c>Akka.Remote.EndpointWriter</c>), with its message template and
/// named fields as the state, so <c>Logging:LogLevel</c> filters Akka's categories like any other and the JSON format
/// shows the fields. (Akka.Hosting's own LoggerFactoryLogger writes every event under one category, as a text line
/// with Akka's own prefix and no fields.)
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = new();

    public AkkaLogBridge()
    {
        // The embedded agent's system gets the node's factory as a setup; the node's own through Akka.Hosting's services.
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _factory = setup.HasValue
            ? setup.Value.LoggerFactory
            : DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (level > Microsoft.Extensions.Logging.LogLevel.Information && IsAboutAConsole(e))
            level = Microsoft.Extensions.Logging.LogLevel.Information;
        var type = e.LogClass ?? typeof(DummyClassForStringSources);
        if (!_loggers.TryGetValue(type, out var logger))
            // Events logged with a string source (remoting, the cluster extension) have no class of their own: "Akka",
            // and the source in LogSource.
            _loggers[type] = logger = _factory.CreateLogger(type == typeof(DummyClassForStringSources) ? "Akka" : type.FullName ?? type.Name);
        if (!logger.IsEnabled(level))
            return;
        logger.Log(level, default, new AkkaLogState(e), e.Cause, static (state, _) => state.ToString());
    }

    /// <summary>
    /// Remoting's news of an ops console's association: a console leaves after each command, and its graceful leave
    /// still races its connection's close now and then, which remoting reports as a failed association (a warning)
    /// and a disassociation (an error with a stack trace). A console going away is not a fault of the node's, so
    /// these are information; nodes' own associations keep their levels. Remoting names the console's address in
    /// the message, or (URL-encoded) in the path of the endpoint actor that logs it.
    /// </summary>
    private static bool IsAboutAConsole(LogEvent e) =>
        e.LogSource?.Contains(ConsoleInPath, StringComparison.Ordinal) == true
        || e.Message?.ToString()?.Contains(ConsoleInMessage, StringComparison.Ordinal) == true;

    private const string ConsoleInMessage = "://" + OpsApi.OpsProtocol.ConsoleSystemName + "@";
    private const string ConsoleInPath = "%2F%2F" + OpsApi.OpsProtocol.ConsoleSystemName + "%40";

    /// <summary>The event's template fields, its template (<c>{OriginalFormat}</c>, as ILogger's own templates have) and
    /// the actor path or class that logged it (<c>LogSource</c>).</summary>
    private sealed class AkkaLogState(LogEvent e) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _fields = Fields(e);

        private static List<KeyValuePair<string, object?>> Fields(LogEvent e)
        {
            var fields = new List<KeyValuePair<string, object?>>();
            if (e.Message is LogMessage message)
            {
                foreach (var (name, value) in message.GetProperties())
                    fields.Add(new(name, value));
                fields.Add(new("{OriginalFormat}", message.Format));
            }
            fields.Add(new("LogSource", e.LogSource));
            return fields;
        }

        public KeyValuePair<string, object?> this[int index] => _fields[index];

        public int Count => _fields.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => e.Message?.ToString() ?? "";
    }
}

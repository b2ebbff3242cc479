using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Scout.Tests.Web;

/// <summary>Warnings and errors a test node logged (or from <paramref name="minimum"/> up), so specs can say what is
/// logged and how often.</summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, minimum);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Tests.Agent.Link;
using Scout.Tests.Agent.Streaming;
using Xunit;

namespace Scout.Tests.Agent.Hosting;

public sealed class AgentHostSpecs
{
    private const string Key = "host-test-secret-key";

    [Fact]
    public async Task An_embedded_agent_streams_to_the_hub_and_never_logs_its_key()
    {
        var recorder = new HubRecorder();
        await using var hub = await TestAgentHubHost.StartAsync(recorder, Key);
        var lines = new ConcurrentQueue<string>();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(lines)));
        var options = new AgentOptions { Servers = [hub.Url], Key = Key, Hostname = "embedded" };

        await using (var agent = await AgentHost.StartAsync(options, new FakeMetricsSource(), loggerFactory))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var connection = await recorder.Connections.Reader.ReadAsync(timeout.Token);
            Assert.Equal("embedded", connection.Hostname);

            // Welcome went out before the hub recorded the connection, and a start sent now follows it on
            // the same connection: the link stashes both until it has processed its own connect result.
            await hub.SendToAllAsync(AgentHubMethods.StartStreaming, new AgentDirectives.StartStreaming(250, 30_000, false));
            var sample = await recorder.Samples.Reader.ReadAsync(timeout.Token);
            Assert.Equal(recorder.ServerId, sample.ServerId);
        }

        Assert.Contains(lines, l => l.Contains("Connected to"));
        Assert.DoesNotContain(lines, l => l.Contains(Key));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(lines);
        public void Dispose() { }

        private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}

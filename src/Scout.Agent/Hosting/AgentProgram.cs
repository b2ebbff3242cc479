using System.Runtime.InteropServices;
using Scout.Agent.Metrics;

namespace Scout.Agent.Hosting;

/// <summary>
/// scout-agent's command line, callable as a method (tests do): exit 0 on a normal stop, 2 on a bad or
/// missing option, 3 when the server refuses the key. Errors are one line on stderr.
/// </summary>
public static class AgentProgram
{
    public const int ExitOk = 0;
    public const int ExitBadOptions = 2;
    public const int ExitKeyRefused = 3;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null,
        string? baseDirectory = null, CancellationToken cancellationToken = default)
    {
        if (args.Length > 0 && args[0] == "sample")
        {
            var rest = args.Skip(1).ToArray();
            if (rest.Any(a => a != "--json"))
            {
                await stderr.WriteLineAsync("scout-agent: usage: scout-agent sample [--json]");
                return ExitBadOptions;
            }
            return await SampleCommand.RunAsync(stdout, rest.Length > 0, cancellationToken);
        }

        AgentOptions options;
        try
        {
            options = AgentOptionsLoader.Load(args, environment ?? Environment.GetEnvironmentVariable, baseDirectory ?? AppContext.BaseDirectory);
        }
        catch (AgentOptionsException ex)
        {
            await stderr.WriteLineAsync($"scout-agent: {ex.Message}");
            return ExitBadOptions;
        }

        await using var host = await AgentHost.StartAsync(options, new ProcMetricsSource(new ProcMetricsOptions(TopProcesses: options.TopProcesses, CommandLines: options.CommandLines)));
        using var heapTrim = HeapTrim.Start(HeapTrim.DefaultInterval);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = cancellationToken.Register(() => stopped.TrySetResult());

        var finished = await Task.WhenAny(host.Exited, stopped.Task);
        if (finished == host.Exited)
        {
            var exit = await host.Exited;
            await stderr.WriteLineAsync($"scout-agent: {exit.Message}");
            return ExitKeyRefused;
        }
        return ExitOk;
    }

    /// <summary>Ctrl+C and SIGTERM cancel the returned token so the agent leaves its hub connection cleanly.</summary>
    public static IDisposable CancelOnShutdownSignals(CancellationTokenSource cts)
    {
        var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                cts.Cancel();
            }))
            .ToArray();
        return new Registrations(signals);
    }

    private sealed class Registrations(IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}

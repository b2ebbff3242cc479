using Scout.Agent.Hosting;

// scout-agent --server URL --key KEY | scout-agent sample [--json]; see docs/agent.md.
using var shutdown = new CancellationTokenSource();
using var signals = AgentProgram.CancelOnShutdownSignals(shutdown);
return await AgentProgram.RunAsync(args, Console.Out, Console.Error, cancellationToken: shutdown.Token);

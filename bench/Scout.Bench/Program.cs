using Scout.Bench;
using Scout.Bench.Commands;
using Scout.Bench.Relay;

// A dispatcher only: each measurement lives in its own command class under Commands/.
IBenchCommand[] commands =
[
    new SampleCostCommand(),
    new SampleCodecCommand(),
    new ReportsCommand(),
    new AgentCostCommand(),
    new PipelineCommand(),
    new IdleCommand(),
    new RelayHostCommand(),
    new BrowserCommand(),
    new ScreenshotsCommand(),
];

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var command = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    Console.Error.WriteLine("usage: scout-bench <command> [options]   (run in Release)");
    foreach (var c in commands)
    {
        Console.Error.WriteLine($"  {c.Name} {c.Usage}");
    }
    return 2;
}
return await command.RunAsync(args[1..], Console.Out, cts.Token);

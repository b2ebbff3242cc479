using System.Diagnostics;
using Scout.Ops;

// The 5 s promise for "cluster unreachable" counts from launch: the runtime's and the ActorSystem's start-up on a busy
// machine eat part of it, so the named nodes have until 3 s after the process started to show up.
var contactBy = Process.GetCurrentProcess().StartTime.ToUniversalTime() + OpsConnection.ContactWait;
var code = await OpsProgram.RunAsync(args, OpsIo.FromConsole(), contactBy);
// Exit now, with the line already written: remoting's threads (a connection attempt to a silent host) must not hold
// the process after the console has said what it had to say.
Console.Out.Flush();
Console.Error.Flush();
Environment.Exit(code);

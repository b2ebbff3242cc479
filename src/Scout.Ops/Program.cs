using System.Diagnostics;
using Scout.Ops;

// The 5 s promise for "cluster unreachable" counts from launch: the runtime's and the ActorSystem's start-up
// on a busy machine eat part of it, so the first answer is due 4.5 s after the process started.
var answerBy = Process.GetCurrentProcess().StartTime.ToUniversalTime() + TimeSpan.FromSeconds(4.5);
return await OpsProgram.RunAsync(args, OpsIo.FromConsole(), answerBy);

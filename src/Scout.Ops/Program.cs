using Scout.Ops;

return await OpsProgram.RunAsync(args, OpsIo.FromConsole());

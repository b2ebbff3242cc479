using Scout.Actors.OpsApi;
using Scout.Actors.Remoting;
using Scout.Ops.Prompt;
using Scout.Ops.Top;

namespace Scout.Ops;

/// <summary>Entry point with the streams passed in, so tests run exactly what the console runs.</summary>
public static class OpsProgram
{
    /// <param name="firstContactBy">When (UTC) a named node must have shown up; Program passes launch + 3 s, so
    /// "unreachable" is said well within 5 s of launching the process. Default: 3 s from the first request.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, OpsIo io, DateTime? firstContactBy = null)
    {
        GlobalOptions global;
        try
        {
            global = OpsCommandLine.SplitOptions(args);
        }
        catch (UsageException e)
        {
            return UsageError(e.Message, io);
        }
        var words = global.Words;
        if (words is ["--help"] or ["-h"] or ["help"])
        {
            io.Out.WriteLine(OpsCommandLine.Usage);
            return ExitCodes.Done;
        }
        if (words.Count == 0)
            return await InteractiveAsync(global, io, firstContactBy);

        OpsCommand command;
        try
        {
            command = OpsCommandLine.Parse(words);
        }
        catch (UsageException e)
        {
            return UsageError(e.Message, io);
        }
        if (!TryOpen(global, firstContactBy, io, out var opened))
            return ExitCodes.Usage;
        await using var connection = opened;
        return await ExecuteAsync(connection, command, io);
    }

    public static async Task<int> ExecuteAsync(OpsConnection connection, OpsCommand command, OpsIo io)
    {
        if (command.TopServer is { } server)
            return await TopCommand.RunAsync(connection, server, io);
        var request = command.Request!;
        if (command.Password && request is OpsProtocol.AddUser add)
        {
            var password = ReadPassword(io);
            if (string.IsNullOrEmpty(password))
                return UsageError("users add reads the password from stdin; got none", io);
            request = add with { Password = password };
        }
        var reply = await connection.AskAsync(request);
        if (reply is null)
        {
            io.Error.WriteLine(connection.UnreachableMessage);
            return ExitCodes.Unreachable;
        }
        return OpsOutput.Write(reply, command.Json, io);
    }

    private static string? ReadPassword(OpsIo io)
    {
        // Stdin alone decides: with stdout redirected, a terminal's own echo would still show the password.
        if (!io.InputIsTerminal)
            return io.In.ReadLine();
        using var noEcho = TerminalEcho.Off();
        // On stderr, so the prompt is seen even when stdout goes to a file or a pipe.
        io.Error.Write("password: ");
        io.Error.Flush();
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = io.ReadKey();
            if (key is -1 or '\r' or '\n')
                break;
            if (key == '\b' && password.Length > 0)
                password.Length--;
            else if (key >= ' ')
                password.Append((char)key);
        }
        io.Error.WriteLine();
        return password.ToString();
    }

    private static async Task<int> InteractiveAsync(GlobalOptions global, OpsIo io, DateTime? firstContactBy)
    {
        if (!TryOpen(global, firstContactBy, io, out var opened))
            return ExitCodes.Usage;
        await using var connection = opened;
        // Say "connected" only when a node answered; a prompt in front of nothing would only collect exit-3 lines.
        if (!await connection.ConnectAsync())
        {
            io.Error.WriteLine(connection.UnreachableMessage);
            return ExitCodes.Unreachable;
        }
        var prompt = new LinePrompt(io, OpsCommandLine.Commands);
        io.Out.WriteLine($"scout-ops connected to {connection.AnsweringNode}; 'help' lists commands, 'exit' leaves");
        var last = ExitCodes.Done;
        while (prompt.ReadLine("scout> ") is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            if (words is ["exit"] or ["quit"])
                break;
            if (words is ["help"])
            {
                io.Out.WriteLine(OpsCommandLine.Usage);
                continue;
            }
            try
            {
                last = await ExecuteAsync(connection, OpsCommandLine.Parse(words), io);
            }
            catch (UsageException e)
            {
                io.Error.WriteLine(e.Message);
                last = ExitCodes.Usage;
            }
        }
        return last;
    }

    /// <summary>Starts the console's remoting; false (the reason written, exit 2) when its TLS settings are missing
    /// where required (a non-loopback address) or do not load.</summary>
    private static bool TryOpen(GlobalOptions global, DateTime? firstContactBy, OpsIo io, out OpsConnection connection)
    {
        try
        {
            connection = OpsConnection.Open(global.Nodes, firstContactBy, global.Host, global.Tls);
            return true;
        }
        catch (RemoteTlsException e)
        {
            io.Error.WriteLine($"scout-ops: {e.Message}");
            connection = null!;
            return false;
        }
    }

    private static int UsageError(string message, OpsIo io)
    {
        io.Error.WriteLine(message);
        io.Error.WriteLine(OpsCommandLine.Usage);
        return ExitCodes.Usage;
    }
}

using System.Diagnostics;
using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>
/// A real process with secrets on its command line, read back through the agent's own /proc reader: what the
/// agent would send is the redacted line (or the program only), never the secret.
/// </summary>
public sealed class CommandLineRedactionSpecs : IDisposable
{
    private readonly Process _child;

    public CommandLineRedactionSpecs()
    {
        // Two commands, so the shell stays (it would exec a single one) and keeps these words as its argv.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in (string[])["-c", "sleep 60; true", "scout-secret-test", "--password", "hunter2",
                     "PGPASSWORD=pg-secret", "https://bob:url-secret@db.example/x", "--token=tok-secret"])
            start.ArgumentList.Add(arg);
        _child = Process.Start(start)!;
    }

    public void Dispose()
    {
        _child.Kill();
        _child.WaitForExit();
        _child.Dispose();
    }

    /// <summary>The child's row as the agent reads it, with every process listed (so a sleeping one is shown).</summary>
    private ProcessStats ChildRow(CommandLineMode mode)
    {
        using var source = new ProcMetricsSource(new ProcMetricsOptions(TopProcesses: 100_000, CommandLines: mode));
        return source.Read().Processes.Single(p => p.Pid == _child.Id);
    }

    [Fact]
    public void Redacted_by_default_the_secrets_do_not_leave_the_machine()
    {
        var command = ChildRow(new ProcMetricsOptions().CommandLines).Command;

        Assert.Equal("/bin/sh -c sleep 60; true scout-secret-test --password *** PGPASSWORD=*** https://bob:***@db.example/x --token=***", command);
    }

    [Fact]
    public void Names_only_sends_the_program_alone()
    {
        Assert.Equal("/bin/sh", ChildRow(CommandLineMode.NamesOnly).Command);
    }

    [Fact]
    public void Full_sends_what_ps_shows()
    {
        Assert.Contains("--password hunter2", ChildRow(CommandLineMode.Full).Command);
    }
}

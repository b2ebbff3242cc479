using System.Diagnostics;

namespace Scout.Ops;

/// <summary>
/// Turns the terminal's echo off for as long as a secret is typed, before the prompt is shown. .NET turns echo off
/// only inside each ReadKey call, so a key typed between the prompt and the first read (a fast typist, a pasted
/// password, a console still loading its terminal description) was echoed by the terminal itself. <c>stty</c> acts on
/// the terminal it inherits as its input: ours.
/// </summary>
public sealed class TerminalEcho : IDisposable
{
    private readonly bool _changed;

    private TerminalEcho(bool changed) => _changed = changed;

    public static TerminalEcho Off() => new(Stty("-echo"));

    public void Dispose()
    {
        if (_changed)
            Stty("echo");
    }

    private static bool Stty(string setting)
    {
        try
        {
            using var stty = Process.Start(new ProcessStartInfo("stty", setting) { UseShellExecute = false });
            if (stty is null)
                return false;
            stty.WaitForExit();
            return stty.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No stty (not a Unix system): ReadKey's own no-echo reads are all there is.
            return false;
        }
    }
}

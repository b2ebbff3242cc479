using System.Globalization;
using System.Text;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentWire;
using Scout.Actors.Bridge;

namespace Scout.Ops.Top;

/// <summary>The state of one <c>top</c> screen and its text: CPU bars per core, memory, load, network, processes.</summary>
public sealed class TopView(string hostname, string serverId)
{
    private const int BarWidth = 30;
    private MetricsSample? _last;
    private string _status = "waiting for the session";

    public long SamplesSeen { get; private set; }

    public void Apply(object message)
    {
        switch (message)
        {
            case SessionProtocol.WatchAccepted a:
                _status = a.Online ? $"streaming every {a.IntervalMs} ms" : "agent offline";
                break;
            case SessionProtocol.DeliverSample s:
                _last = s.Sample.Decode();
                SamplesSeen++;
                break;
            // The agent's buffer, oldest first, may end before a live sample already shown.
            case SessionProtocol.DeliverBackfill b when b.Samples.Count > 0 && b.Samples[^1].Time > (_last?.Time ?? long.MinValue):
                _last = b.Samples[^1].Decode();
                break;
            case SessionProtocol.ServerStatus st:
                _status = st.Online ? "agent online" : "agent offline";
                break;
            case SessionProtocol.StreamStalled stalled:
                _status = stalled.LastSampleTime is { } last
                    ? $"stalled: no data since {DateTimeOffset.FromUnixTimeMilliseconds(last).ToLocalTime():HH:mm:ss}"
                    : "stalled: no data yet";
                break;
            case SessionProtocol.StreamResumed:
                _status = "streaming again";
                break;
            case SessionProtocol.StreamEnded e:
                _status = "stream ended: " + e.Reason;
                break;
        }
    }

    /// <summary>The terminal's alternate screen without a cursor, as full-screen tools use, so the operator's
    /// scrollback is intact after top.</summary>
    public static void EnterScreen(TextWriter output)
    {
        output.Write("\u001b[?1049h\u001b[?25l");
        output.Flush();
    }

    /// <summary>Undoes <see cref="EnterScreen"/>: the cursor back, the normal screen back.</summary>
    public static void LeaveScreen(TextWriter output)
    {
        output.Write("\u001b[?25h\u001b[?1049l");
        output.Flush();
    }

    public void Render(TextWriter output, bool terminal)
    {
        var text = new StringBuilder();
        if (terminal)
            text.Append("\u001b[H\u001b[2J");
        text.AppendLine($"{hostname} ({serverId})  {_status}  samples: {SamplesSeen}   q quits");
        if (_last is { } s)
        {
            foreach (var core in s.Cpu.Cores)
                text.AppendLine($"{core.Name,-6} [{Bar(core.Busy)}] {Pct(core.Busy)}");
            var m = s.Memory;
            text.AppendLine($"mem    [{Bar(m.Total == 0 ? 0 : 100.0 * m.Used / m.Total)}] {Bytes(m.Used)} / {Bytes(m.Total)}  swap {Bytes(m.SwapUsed)} / {Bytes(m.SwapTotal)}");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"load   {s.Load.One:0.00} {s.Load.Five:0.00} {s.Load.Fifteen:0.00}  tasks {s.Load.Running}/{s.Load.Tasks}"));
            foreach (var n in s.Network)
                text.AppendLine($"net    {n.Name,-10} rx {Rate(n.RxBytesPerSec)}  tx {Rate(n.TxBytesPerSec)}");
            text.AppendLine("   PID USER       CPU%      RSS  THR  COMMAND");
            foreach (var p in s.Processes.OrderByDescending(p => p.CpuPercent ?? 0).Take(15))
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Pid,6} {Cut(p.User, 10),-10} {(p.CpuPercent ?? 0),5:0.0} {Bytes(p.Rss),8} {p.Threads,4}  {Cut(p.Name, 40)}"));
        }
        output.Write(text.ToString());
        output.Flush();
    }

    private static string Bar(double percent)
    {
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 100 * BarWidth);
        return new string('#', filled) + new string('.', BarWidth - filled);
    }

    private static string Pct(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Rate(double? bytesPerSec) => bytesPerSec is { } b ? Bytes((long)b) + "/s" : "-";

    private static string Bytes(long bytes)
    {
        string[] units = ["B", "K", "M", "G", "T"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + units[unit];
    }
}

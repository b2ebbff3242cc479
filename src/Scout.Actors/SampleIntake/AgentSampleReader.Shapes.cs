using System.Text.Json;
using static Scout.Actors.SampleIntake.SampleBounds;

namespace Scout.Actors.SampleIntake;

// The sample's shape as docs/metrics.md gives it (the records of AgentWire/MetricsSample.cs, camelCase), each object
// with the rule its figures must keep. Fields are listed in the order the agent writes them, which is the order
// the reader tries first.
public static partial class AgentSampleReader
{
    private enum Kind : byte { Id, Text, Int32, Int64, Real, RealOrNull, Object, ObjectOrNull, List }

    /// <summary>An object's figures once all are read: integers in <c>whole</c>, the rest in <c>real</c> (NaN for
    /// null), by field index. Returns the reason they are impossible, or null.</summary>
    private delegate string? Rule(ReadOnlySpan<long> whole, ReadOnlySpan<double> real, ref Totals totals);

    private sealed class Field(string name, Kind kind, string path, Shape? of = null)
    {
        public JsonEncodedText Name { get; } = JsonEncodedText.Encode(name);
        public Kind Kind { get; } = kind;
        public Shape? Of { get; } = of;

        /// <summary>Names the field, never the agent's data; lower case, without indexes, like the hub's old reasons.</summary>
        public string Unreadable { get; } = $"malformed: unreadable JSON at {path.ToLowerInvariant()}";
    }

    private sealed class Shape
    {
        public Shape(string path, Rule rule, params (string Name, Kind Kind, Func<string, Shape>? Of)[] fields)
        {
            Fields = [.. fields.Select(f => new Field(f.Name, f.Kind, $"{path}.{f.Name}", f.Of?.Invoke(f.Kind == Kind.List ? $"{path}.{f.Name}[]" : $"{path}.{f.Name}")))];
            All = (1u << Fields.Length) - 1;
            Rule = rule;
            Unreadable = $"malformed: unreadable JSON at {path.ToLowerInvariant()}";
        }

        public Field[] Fields { get; }
        public uint All { get; }
        public Rule Rule { get; }
        public string Unreadable { get; }

        /// <summary>The index of the property the reader is on, trying <paramref name="expected"/> first; -1 when unknown.</summary>
        public int Find(ref Utf8JsonReader r, int expected)
        {
            if (expected < Fields.Length && r.ValueTextEquals(Fields[expected].Name.EncodedUtf8Bytes))
                return expected;
            for (var i = 0; i < Fields.Length; i++)
                if (i != expected && r.ValueTextEquals(Fields[i].Name.EncodedUtf8Bytes))
                    return i;
            return -1;
        }
    }

    private static (string, Kind, Func<string, Shape>?) F(string name, Kind kind, Func<string, Shape>? of = null) => (name, kind, of);

    private static class Shapes
    {
        private static readonly long MaxIntervalMs = (long)TimeSpan.FromDays(1).TotalMilliseconds;

        public static readonly Shape Sample = new("$", SampleRule,
            F("serverId", Kind.Id), F("time", Kind.Int64), F("intervalMs", Kind.Int64),
            F("cpu", Kind.Object, Cpu), F("memory", Kind.Object, Memory), F("load", Kind.Object, Load),
            F("disks", Kind.List, Disk), F("filesystems", Kind.List, Filesystem), F("network", Kind.List, Network),
            F("processes", Kind.List, Process));

        private static string? SampleRule(ReadOnlySpan<long> whole, ReadOnlySpan<double> real, ref Totals t)
        {
            t.Time = whole[1];
            if (whole[2] < 0 || whole[2] > MaxIntervalMs)
                return BadInterval;
            // Checked at the end: an agent may write its processes before its cores.
            return t.BusiestProcess > MaxProcessCpu((int)Math.Min(t.Cores, int.MaxValue)) ? BadProcess : null;
        }

        private static Shape Cpu(string path) => new(path,
            (whole, _, ref t) =>
            {
                t.Cores = whole[1];
                return null;
            },
            F("total", Kind.ObjectOrNull, CpuUsage), F("cores", Kind.List, CpuUsage));

        private static Shape CpuUsage(string path) => new(path,
            (_, real, ref _) => Percent(real[1]) && Percent(real[2]) && Percent(real[3]) && Percent(real[4]) && Percent(real[5]) && Percent(real[6])
                ? null
                : BadCpu,
            F("name", Kind.Text), F("user", Kind.Real), F("system", Kind.Real), F("ioWait", Kind.Real), F("steal", Kind.Real),
            F("idle", Kind.Real), F("busy", Kind.Real));

        private static Shape Memory(string path) => new(path,
            (m, _, ref _) =>
            {
                const int total = 0, available = 1, used = 2, swapTotal = 5, swapUsed = 6;
                foreach (var figure in m[..7])
                    if (figure < 0)
                        return BadMemory;
                return m[available] > m[total] || m[used] > m[total] || m[swapUsed] > m[swapTotal] ? BadMemory : null;
            },
            F("total", Kind.Int64), F("available", Kind.Int64), F("used", Kind.Int64), F("cached", Kind.Int64),
            F("buffers", Kind.Int64), F("swapTotal", Kind.Int64), F("swapUsed", Kind.Int64));

        private static Shape Load(string path) => new(path,
            (whole, real, ref _) => NonNegative(real[0]) && NonNegative(real[1]) && NonNegative(real[2]) && whole[3] >= 0 && whole[4] >= 0
                ? null
                : BadLoad,
            F("one", Kind.Real), F("five", Kind.Real), F("fifteen", Kind.Real), F("running", Kind.Int32), F("tasks", Kind.Int32));

        private static Shape Disk(string path) => new(path,
            (_, real, ref _) => Rate(real[1]) && Rate(real[2]) && Rate(real[3]) && Rate(real[4]) && (double.IsNaN(real[5]) || Percent(real[5]))
                ? null
                : BadDisk,
            F("name", Kind.Text), F("readBytesPerSec", Kind.RealOrNull), F("writeBytesPerSec", Kind.RealOrNull),
            F("readOpsPerSec", Kind.RealOrNull), F("writeOpsPerSec", Kind.RealOrNull), F("busyPercent", Kind.RealOrNull));

        private static Shape Filesystem(string path) => new(path,
            (whole, _, ref _) =>
            {
                const int size = 3, used = 4, free = 5;
                return whole[size] < 0 || whole[used] < 0 || whole[free] < 0 || whole[used] > whole[size] || whole[free] > whole[size]
                    ? BadFilesystem
                    : null;
            },
            F("mount", Kind.Text), F("device", Kind.Text), F("type", Kind.Text),
            F("size", Kind.Int64), F("used", Kind.Int64), F("free", Kind.Int64));

        private static Shape Network(string path) => new(path,
            (_, real, ref _) =>
            {
                foreach (var rate in real[1..9])
                    if (!Rate(rate))
                        return BadNetwork;
                return null;
            },
            F("name", Kind.Text), F("rxBytesPerSec", Kind.RealOrNull), F("txBytesPerSec", Kind.RealOrNull),
            F("rxPacketsPerSec", Kind.RealOrNull), F("txPacketsPerSec", Kind.RealOrNull), F("rxErrorsPerSec", Kind.RealOrNull),
            F("txErrorsPerSec", Kind.RealOrNull), F("rxDropsPerSec", Kind.RealOrNull), F("txDropsPerSec", Kind.RealOrNull));

        private static Shape Process(string path) => new(path,
            (whole, real, ref t) =>
            {
                const int pid = 0, cpuPercent = 5, rss = 6, threads = 7;
                var cpu = real[cpuPercent];
                if (whole[pid] < 0 || whole[rss] < 0 || whole[threads] < 0 || !(double.IsNaN(cpu) || NonNegative(cpu)))
                    return BadProcess;
                if (cpu > t.BusiestProcess)
                    t.BusiestProcess = cpu;
                return null;
            },
            F("pid", Kind.Int32), F("name", Kind.Text), F("command", Kind.Text), F("user", Kind.Text), F("state", Kind.Text),
            F("cpuPercent", Kind.RealOrNull), F("rss", Kind.Int64), F("threads", Kind.Int32));

        /// <summary>A rate when known: finite and not negative.</summary>
        private static bool Rate(double value) => double.IsNaN(value) || NonNegative(value);
    }
}

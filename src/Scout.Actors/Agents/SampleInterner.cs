using Scout.Actors.Metrics;

namespace Scout.Actors.Agents;

/// <summary>
/// Makes the strings of a server's samples (server id, core, disk, interface and process names, command
/// lines, users) share one instance from sample to sample. Each sample arrives freshly deserialized with
/// its own copies, and every session keeps a minute of samples per watched server: measured with 1,000
/// streaming servers the node held ~650 MB in gen2, mostly these repeated strings (docs/benchmarks.md).
/// One per agent connection; the set is bounded, so an agent with ever-changing names cannot grow it.
/// </summary>
public sealed class SampleInterner
{
    private const int MaxStrings = 2048;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public MetricsSample Intern(MetricsSample s) => s with
    {
        ServerId = I(s.ServerId),
        Cpu = new CpuStats(s.Cpu.Total is null ? null : Usage(s.Cpu.Total), s.Cpu.Cores?.Select(Usage).ToArray() ?? []),
        Disks = s.Disks?.Select(d => d with { Name = I(d.Name) }).ToArray() ?? [],
        Filesystems = s.Filesystems?.Select(f => f with { Mount = I(f.Mount), Device = I(f.Device), Type = I(f.Type) }).ToArray() ?? [],
        Network = s.Network?.Select(n => n with { Name = I(n.Name) }).ToArray() ?? [],
        Processes = s.Processes?.Select(p => p with { Name = I(p.Name), Command = I(p.Command), User = I(p.User), State = I(p.State) }).ToArray() ?? [],
    };

    private CpuUsage Usage(CpuUsage u) => u with { Name = I(u.Name) };

    private string I(string value)
    {
        if (value is null)
            return value!;
        if (_strings.TryGetValue(value, out var known))
            return known;
        if (_strings.Count >= MaxStrings)
            _strings.Clear();
        _strings[value] = value;
        return value;
    }
}

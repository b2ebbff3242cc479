using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scout.Actors.AgentWire;

namespace Scout.Agent.Reporting;

/// <summary>
/// Reports not yet acknowledged, one JSON file each in a folder, named so that file order is report order
/// (window end, then id). Survives agent restarts. Bounded: past its capacity the oldest files are deleted
/// and counted. A file is written under a temporary name and renamed, so a crash never leaves half a report.
/// Not thread-safe: owned by the Reporter actor.
/// </summary>
public sealed class ReportSpool
{
    private const string Extension = ".report.json";
    // The wire's web-style names, through compile-time metadata so the natively compiled agent can spool too.
    private static readonly JsonTypeInfo<MinuteReport> Json = (JsonTypeInfo<MinuteReport>)MetricsJson.Options.GetTypeInfo(typeof(MinuteReport));

    private readonly string _folder;
    private readonly int _capacity;
    private readonly SortedSet<string> _files = new(StringComparer.Ordinal);

    public ReportSpool(string folder, int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "spool capacity must be at least 1");
        _folder = Directory.CreateDirectory(folder).FullName;
        _capacity = capacity;
        foreach (var stale in Directory.EnumerateFiles(_folder, "*.tmp"))
            File.Delete(stale);
        foreach (var file in Directory.EnumerateFiles(_folder, "*" + Extension))
            _files.Add(Path.GetFileName(file));
        Trim();
    }

    public int Count => _files.Count;

    /// <summary>Reports deleted unsent because the spool was full (since this instance started).</summary>
    public long Dropped { get; private set; }

    /// <summary>Spool files that could not be read and were removed.</summary>
    public long Corrupt { get; private set; }

    /// <summary>Stores the report; returns how many of the oldest were dropped to stay within capacity.</summary>
    public int Add(MinuteReport report)
    {
        var name = NameOf(report);
        var path = Path.Combine(_folder, name);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(report, Json));
        File.Move(temp, path, overwrite: true);
        _files.Add(name);
        return Trim();
    }

    /// <summary>The oldest spooled report, or null when empty. Unreadable files are removed and counted on the way.</summary>
    public MinuteReport? Oldest()
    {
        while (_files.Min is { } name)
        {
            try
            {
                var report = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(_folder, name)), Json);
                if (report is not null && report.ReportId.Length > 0) return report;
            }
            catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
            {
                // Fall through: a file we cannot read would block every report after it forever.
            }
            Corrupt++;
            Delete(name);
        }
        return null;
    }

    /// <summary>Forgets a report once the server has it (or rejected it for good).</summary>
    public void Remove(MinuteReport report) => Delete(NameOf(report));

    private int Trim()
    {
        var dropped = 0;
        while (_files.Count > _capacity && _files.Min is { } oldest)
        {
            Delete(oldest);
            dropped++;
        }
        Dropped += dropped;
        return dropped;
    }

    private void Delete(string name)
    {
        _files.Remove(name);
        try
        {
            File.Delete(Path.Combine(_folder, name));
        }
        catch (IOException)
        {
            // Already gone or in use: the set no longer names it, which is what matters.
        }
    }

    // Ids hold only hex, but a server-stamped or hand-made report may not: keep names to safe characters.
    private static string NameOf(MinuteReport report) =>
        $"{report.Time:D15}-{new string(report.ReportId.Where(char.IsAsciiLetterOrDigit).ToArray())}{Extension}";
}

namespace Scout.Bench.AgentCost;

/// <summary>
/// Measures one process tree over a window: CPU % of one core from the CPU time used in the window,
/// RSS sampled once a second (mean and max) and the kernel's high-water mark at the end.
/// </summary>
public sealed class Meter(string name, int pid)
{
    private readonly List<long> _rss = new();
    private ProcessCost.Reading _start;
    private DateTime _startTime;

    public string Name { get; } = name;

    public int Pid { get; } = pid;

    public void Start()
    {
        _rss.Clear();
        _start = ProcessCost.Read(Pid);
        _startTime = DateTime.UtcNow;
    }

    public void Tick() => _rss.Add(ProcessCost.Read(Pid).RssBytes);

    public Result Stop()
    {
        var end = ProcessCost.Read(Pid);
        var seconds = (DateTime.UtcNow - _startTime).TotalSeconds;
        var rss = _rss.Count > 0 ? _rss : [end.RssBytes];
        return new Result(Name, seconds, (end.CpuSeconds - _start.CpuSeconds) / seconds * 100,
            rss.Average(), rss.Max(), end.PeakRssBytes, end.Processes);
    }

    public sealed record Result(string Name, double Seconds, double CpuPercent, double MeanRss, long MaxRss, long PeakRss, int Processes)
    {
        public string Row(string phase) => FormattableString.Invariant(
            $"| {phase} | {Name} | {Processes} | {Seconds:0} s | {CpuPercent:0.000} % | {MeanRss / 1048576:0.0} MiB | {MaxRss / 1048576.0:0.0} MiB | {PeakRss / 1048576.0:0.0} MiB |");
    }
}

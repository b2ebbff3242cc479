using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;

namespace Scout.Bench.Pipeline;

/// <summary>What one pipeline run measured against one target.</summary>
public sealed record PipelineResult(
    string Target, int Agents, int Watchers, int ServersPerWatcher, int Seconds, int SettleSeconds,
    long Sent, long Expected, long Delivered, long Duplicates,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    double ServerCpuPercent, double ServerPeakRssMiB, double BenchCpuPercent, double StealPercent,
    double FirstSampleP50Ms, double FirstSampleP99Ms, int FirstSampleMissing, int SampleBytes, GcFigures? ServerGc, int WatchFailures, IReadOnlyList<HopFigures> Hops, IReadOnlyDictionary<string, long> Drops);

/// <summary>
/// One run: agents stream into the target, watchers watch K servers each; samples are counted and timed
/// only inside the measuring window (by sampling time), so start-up and shut-down do not blur the figures.
/// </summary>
public sealed class PipelineRun(IPipelineTarget target, int agents, int watchers, int serversPerWatcher, int seconds, int settle, TextWriter log)
{
    // Sampling-time window in Unix ms; nothing is counted until it is set.
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private int _watchFailures;

    public async Task<PipelineResult> RunAsync(CancellationToken ct)
    {
        var sources = Enumerable.Range(0, agents).Select(i => new SyntheticMetricsSource(i)).ToArray();
        var clock = Stopwatch.StartNew();
        var serverIds = await target.StartAgentsAsync(sources, ct);
        var sourceOf = serverIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => sources[p.i]);
        log.WriteLine($"[{target.Name}] {agents} agents online after {clock.Elapsed.TotalSeconds:0.0} s");

        var states = new WatcherState[watchers];
        clock.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, watchers), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (w, token) =>
            {
                var servers = Enumerable.Range(0, serversPerWatcher).Select(j => serverIds[(w * serversPerWatcher + j) % agents]).Distinct();
                var state = new WatcherState(target.NewWatcher(), servers, this, sourceOf);
                states[w] = state;
                await state.Connection.StartAsync(token);
            });
        log.WriteLine($"[{target.Name}] {watchers} watchers connected after {clock.Elapsed.TotalSeconds:0.0} s");

        // Start watching: every watcher its servers, as a live wall would on opening.
        await Parallel.ForEachAsync(states, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (state, token) =>
            {
                foreach (var track in state.Tracks.Values)
                {
                    track.Started = Stopwatch.GetTimestamp();
                    try
                    {
                        await target.WatchAsync(state.Connection, track.ServerId, token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        // Counted and reported (its samples show as lost), never the end of the run.
                        if (Interlocked.Increment(ref _watchFailures) == 1)
                            log.WriteLine($"[{target.Name}] a watch failed: {e.GetBaseException().Message}");
                    }
                }
            });
        if (_watchFailures > 0)
            log.WriteLine($"[{target.Name}] {_watchFailures} watch calls failed");
        var allFirst = await Until(() => states.All(s => s.Tracks.Values.All(t => t.FirstMs is not null)), TimeSpan.FromSeconds(30), ct);
        log.WriteLine($"[{target.Name}] watching; first samples {(allFirst ? "all in" : "NOT all in")} after {clock.Elapsed.TotalSeconds:0.0} s");
        if (settle > 0)
        {
            log.WriteLine($"[{target.Name}] settling for {settle} s before the window");
            await Task.Delay(TimeSpan.FromSeconds(settle), ct);
        }

        // Measuring window.
        var serverCpu = target.Server is null ? null : new CpuWindow(target.Server);
        var benchCpu = new CpuWindow(new ProcReader(Environment.ProcessId));
        var steal = new StealWindow();
        var gc = target.Server is null ? null : GcTrace.Start(target.Server.Pids);
        var hops = target is ScoutTarget { NodeAddresses.Count: > 0 } scout ? await HopBreakdown.StartAsync(scout.NodeAddresses, ct) : null;
        Interlocked.Exchange(ref _windowEnd, long.MaxValue);
        Interlocked.Exchange(ref _windowStart, (long)Clock.UnixMs());
        await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
        Interlocked.Exchange(ref _windowEnd, (long)Clock.UnixMs());
        var serverPercent = serverCpu?.PercentOfOneCore() ?? double.NaN;
        var benchPercent = benchCpu.PercentOfOneCore();
        var stealPercent = steal.Percent();
        var gcFigures = gc is null ? null : await gc.StopAsync();
        var hopFigures = hops is null ? [] : await hops.StopAsync(ct);

        long Expected() => states.Sum(s => s.Tracks.Values.Sum(t => (long)sourceOf[t.ServerId].Times.Count(InWindow)));
        long Delivered() => states.Sum(s => s.Tracks.Values.Sum(t => (long)t.InWindow));
        // Samples taken just before the end may still be on their way: give them a few seconds.
        await Until(() => Delivered() >= Expected(), TimeSpan.FromSeconds(10), ct);

        var sent = sources.Sum(s => (long)s.Times.Count(InWindow));
        var latencies = new Percentiles(states.SelectMany(s => s.Latencies));
        var firsts = new Percentiles(states.SelectMany(s => s.Tracks.Values).Where(t => t.FirstMs is not null).Select(t => t.FirstMs!.Value));
        var firstMissing = states.Sum(s => s.Tracks.Values.Count(t => t.FirstMs is null));
        var sampleBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sources[0].Read() with { ServerId = serverIds[0] },
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)).Length;

        foreach (var state in states)
            await state.Connection.DisposeAsync();

        return new PipelineResult(target.Name, agents, watchers, serversPerWatcher, seconds, settle,
            sent, Expected(), Delivered(), states.Sum(s => s.Tracks.Values.Sum(t => (long)t.Duplicates)),
            latencies.At(50), latencies.At(90), latencies.At(99), latencies.At(99.9), latencies.Max,
            serverPercent, target.Server?.PeakRssMiB() ?? double.NaN, benchPercent, stealPercent,
            firsts.At(50), firsts.At(99), firstMissing, sampleBytes, gcFigures, _watchFailures, hopFigures,
            hops?.Drops ?? new Dictionary<string, long>());
    }

    private bool InWindow(long time) => time >= Interlocked.Read(ref _windowStart) && time < Interlocked.Read(ref _windowEnd);

    private static async Task<bool> Until(Func<bool> condition, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100, ct);
        }
        return true;
    }

    /// <summary>One watched server on one watcher.</summary>
    private sealed class Track(string serverId)
    {
        public string ServerId { get; } = serverId;
        public long Started;
        public double? FirstMs;
        public long Last = long.MinValue;
        public int InWindow;
        public int Duplicates;
    }

    /// <summary>One watcher connection and what it received; its handler runs on SignalR's threads.</summary>
    private sealed class WatcherState
    {
        private readonly PipelineRun _run;
        private readonly Dictionary<string, SyntheticMetricsSource> _sources;

        public WatcherState(HubConnection connection, IEnumerable<string> servers, PipelineRun run, Dictionary<string, SyntheticMetricsSource> sources)
        {
            Connection = connection;
            _run = run;
            _sources = sources;
            Tracks = servers.ToDictionary(s => s, s => new Track(s));
            connection.On<MetricsSample>("sample", OnSample);
        }

        public HubConnection Connection { get; }

        public Dictionary<string, Track> Tracks { get; }

        public List<double> Latencies { get; } = [];

        private void OnSample(MetricsSample sample)
        {
            var now = Clock.UnixMs();
            var ticks = Stopwatch.GetTimestamp();
            if (!Tracks.TryGetValue(sample.ServerId, out var track))
                return;
            lock (track)
            {
                track.FirstMs ??= Stopwatch.GetElapsedTime(track.Started, ticks).TotalMilliseconds;
                if (sample.Time <= track.Last)
                {
                    track.Duplicates++;
                    return;
                }
                track.Last = sample.Time;
                if (!_run.InWindow(sample.Time))
                    return;
                track.InWindow++;
            }
            var sent = _sources.TryGetValue(sample.ServerId, out var source) && source.TryPreciseTime(sample.Time, out var precise)
                ? precise : sample.Time;
            lock (Latencies)
                Latencies.Add(now - sent);
        }
    }
}

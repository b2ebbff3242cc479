using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Scout.Actors.AccountSessions;
using Scout.Actors.Observability;

namespace Scout.Web.Observability;

/// <summary>
/// Gauges read from the cluster when scraped: members by status as this node sees them, and the session shards and
/// sessions (account-session entities) this node hosts. The region is asked every <see cref="PollEvery"/> in the
/// background, since a scrape's callback must not wait on an actor. The meter comes from the host's
/// <see cref="IMeterFactory"/>, so a node's callbacks go with its host (several nodes share a test process).
/// </summary>
public sealed class ClusterGauges : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(5);

    // Every status, so a series drops to 0 instead of vanishing (an alert on "down > 0" must see the 0 too).
    private static readonly (MemberStatus Status, string Label)[] Statuses =
    [
        (MemberStatus.Joining, "joining"), (MemberStatus.WeaklyUp, "weakly_up"), (MemberStatus.Up, "up"),
        (MemberStatus.Leaving, "leaving"), (MemberStatus.Exiting, "exiting"), (MemberStatus.Down, "down"),
        (MemberStatus.Removed, "removed"),
    ];

    private readonly IServiceProvider _services;
    private readonly IRequiredActor<AccountSessionRegion> _region;
    private readonly ILogger<ClusterGauges> _log;
    private volatile Akka.Cluster.Cluster? _cluster;
    private long _shards = -1;
    private long _sessions = -1;

    public ClusterGauges(IMeterFactory meters, IServiceProvider services, IRequiredActor<AccountSessionRegion> region,
        ILogger<ClusterGauges> log)
    {
        _services = services;
        _region = region;
        _log = log;
        var meter = meters.Create(NodeMeter.Name);
        meter.CreateObservableGauge("cluster_members", ObserveMembers, description: "Cluster members by status, as this node sees them.");
        meter.CreateObservableGauge("cluster_unreachable_members", ObserveUnreachable,
            description: "Members this node's failure detector finds unreachable.");
        meter.CreateObservableGauge("session_shards", () => Counted(ref _shards),
            description: "Shards of account sessions hosted on this node.");
        meter.CreateObservableGauge("sessions", () => Counted(ref _sessions),
            description: "Account sessions (sharded entities) hosted on this node.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var region = await _region.GetAsync(stoppingToken);
            _cluster = Akka.Cluster.Cluster.Get(_services.GetRequiredService<ActorSystem>());
            using var timer = new PeriodicTimer(PollEvery);
            do
            {
                await PollRegion(region);
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node stops.
        }
    }

    private async Task PollRegion(IActorRef region)
    {
        try
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3));
            Interlocked.Exchange(ref _shards, state.Shards.Count);
            Interlocked.Exchange(ref _sessions, state.Shards.Sum(s => (long)s.EntityIds.Count));
        }
        catch (AskTimeoutException)
        {
            // A busy or stopping region: the gauges keep their last values; readiness reports a region that is gone.
            _log.LogDebug("The session region did not say its shards in time");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else went wrong with one poll must not end the polling: the gauges would freeze for good.
            _log.LogWarning(e, "Asking the session region for its shards failed");
        }
    }

    /// <summary>Nothing until the region first answered: a made-up 0 would look like an idle node.</summary>
    private static IEnumerable<Measurement<long>> Counted(ref long value)
    {
        var v = Interlocked.Read(ref value);
        return v < 0 ? [] : [new Measurement<long>(v)];
    }

    private IEnumerable<Measurement<long>> ObserveMembers()
    {
        if (_cluster is not { } cluster)
            return [];
        var members = cluster.State.Members;
        return Statuses.Select(s => new Measurement<long>(members.Count(m => m.Status == s.Status),
            new KeyValuePair<string, object?>("status", s.Label)));
    }

    private IEnumerable<Measurement<long>> ObserveUnreachable() =>
        _cluster is { } cluster ? [new Measurement<long>(cluster.State.Unreachable.Count)] : [];
}

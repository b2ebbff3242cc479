using Akka.Actor;
using Akka.Cluster.Sharding;
using Scout.Actors.AccountSessions;

namespace Scout.Actors.OpsApi;

/// <summary>
/// <c>sessions list</c> without side effects: each Up member's ops service reads the sessions its own shard region
/// already runs, so listing never starts an AccountSession for an account nobody uses (asking the region for every
/// account did). A member that does not answer is named, like <c>agents list</c> does, instead of failing the list.
/// </summary>
public static class OpsStreams
{
    /// <summary>How long the asked node waits for each member's answer.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A member's own reading of its region and sessions: well inside <see cref="NodeTimeout"/>, so a slow
    /// session costs a member its completeness, not its whole answer.</summary>
    private static readonly TimeSpan LocalTimeout = TimeSpan.FromSeconds(0.75);

    /// <summary>On the node the console asked: gathers every Up member's sessions.</summary>
    public static async Task<object> ListAsync(ActorSystem system, IOpsDirectory directory, string? accountName)
    {
        var (filter, refusal) = await AccountFilter.ResolveAsync(directory, accountName);
        if (filter is null)
            return refusal!;
        var onlyAccount = filter.OnlyAccountId;
        var answers = await EveryMember.AskAsync<OpsProtocol.NodeStreams>(
            system, "ops", new OpsProtocol.ListNodeStreams(onlyAccount), NodeTimeout);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A session is a server someone watches or that streams; online-but-idle servers are not sessions.
        var rows = answers.Where(a => a.Answer is not null)
            .SelectMany(a => a.Answer!.Sessions.Select(report => (a.Member, Report: report)))
            .SelectMany(m => m.Report.Streams.Select(s => new OpsProtocol.StreamRow(
                filter.NameOf(m.Report.AccountId), s.ServerId, s.Hostname, s.Online, s.Streaming,
                s.Watchers, s.StartedAt, Rate(s, now), s.SamplesReceived, s.LeaseUntil, m.Member.ToString())))
            .Where(r => r.Streaming || r.Watchers > 0)
            .OrderBy(r => r.Account).ThenBy(r => r.Hostname)
            .ToList();
        var unanswered = answers.Where(a => a.Answer is not { Complete: true }).Select(a => a.Member.ToString()).ToList();
        return new OpsProtocol.StreamsList(rows, unanswered);
    }

    /// <summary>On every member: the sessions its own region hosts right now. Asking the region for an entity that
    /// is already running does not start anything.</summary>
    public static async Task<OpsProtocol.NodeStreams> ListLocalAsync(IActorRef region, string? onlyAccount)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, LocalTimeout);
        var accountIds = state.Shards.SelectMany(s => s.EntityIds)
            .Where(id => onlyAccount is null || id == onlyAccount)
            .Distinct()
            .ToList();
        var reports = await Task.WhenAll(accountIds.Select(async id =>
        {
            try
            {
                return await region.Ask<SessionProtocol.StreamsReport>(new SessionProtocol.GetStreams(id), LocalTimeout);
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }));
        return new OpsProtocol.NodeStreams(reports.OfType<SessionProtocol.StreamsReport>().ToList(), reports.All(r => r is not null));
    }

    private static double Rate(SessionProtocol.StreamReport stream, long now)
    {
        if (stream.StartedAt is not { } started || now <= started)
            return 0;
        return Math.Round(stream.SamplesReceived / ((now - started) / 1000.0), 2);
    }
}

using Scout.Agent.Hosting;

namespace Scout.Agent.Link;

/// <summary>
/// Which of the agent's server nodes the link uses, and how long it waits before its next attempt.
/// It starts at a random node (so the agents of a cluster spread over its nodes) and moves to the next
/// one, in list order, whenever an attempt fails or a connection is lost. A failed node is followed at
/// once by the next: waiting is for a whole round of the list that failed, so one dead node costs one
/// quick hop. The waits of an outage grow per round: min-backoff, then doubling up to max-backoff, each
/// jittered (<see cref="ReconnectSettings.DelayFor"/>). After a lost connection the first attempt waits
/// min-backoff, so the agents of a dead node do not all reach the next one in the same instant.
/// Public so that this policy can be tested on its own; the link calls it from its message handlers only.
/// </summary>
public sealed class ServerRotation
{
    private readonly IReadOnlyList<Uri> _servers;
    private readonly ReconnectSettings _backoff;
    private readonly Func<double> _random01;
    private int _index;
    /// <summary>Failed attempts since the round began (a connection, a loss, or the last wait).</summary>
    private int _failedInRound;
    /// <summary>Waits since the last connection: the backoff's exponent.</summary>
    private int _waits;

    /// <param name="random01">Uniform in [0, 1): picks the first node and jitters each wait.</param>
    public ServerRotation(IReadOnlyList<Uri> servers, ReconnectSettings backoff, Func<double> random01)
    {
        if (servers.Count == 0) throw new ArgumentException("at least one server is needed", nameof(servers));
        _servers = servers;
        _backoff = backoff;
        _random01 = random01;
        _index = Math.Clamp((int)(random01() * servers.Count), 0, servers.Count - 1);
    }

    /// <summary>The node connected to, or the one the next attempt goes to.</summary>
    public Uri Current => _servers[_index];

    public int Count => _servers.Count;

    /// <summary>The connection to <see cref="Current"/> is up: the next outage starts from scratch.</summary>
    public void Connected()
    {
        _failedInRound = 0;
        _waits = 0;
    }

    /// <summary>The connection to <see cref="Current"/> was lost: the next node, after min-backoff (jittered).</summary>
    public TimeSpan Lost()
    {
        _failedInRound = 0;
        _waits = 0;
        Advance();
        return NextWait();
    }

    /// <summary>
    /// An attempt at <see cref="Current"/> failed: the next node, at once while some node of the round is
    /// untried, else after the round's backoff (<paramref name="roundFailed"/> true).
    /// </summary>
    public TimeSpan Failed(out bool roundFailed)
    {
        Advance();
        roundFailed = ++_failedInRound >= _servers.Count;
        if (!roundFailed) return TimeSpan.Zero;
        _failedInRound = 0;
        return NextWait();
    }

    private void Advance() => _index = (_index + 1) % _servers.Count;

    private TimeSpan NextWait() => _backoff.DelayFor(_waits++, _random01());
}

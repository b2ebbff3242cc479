using Scout.Actors.RateLimiting;

namespace Scout.Web.BrowserHub;

/// <summary>
/// The metrics hub's call budget, one per user on this node rather than per connection: opening new connections
/// (or logging in again) does not refill it. A live wall starts ~50 servers at once, so a burst of
/// <see cref="Capacity"/> and <see cref="PerSecond"/> sustained. A budget unused for <see cref="IdleAfter"/> is full
/// again and is forgotten, and never more than <see cref="MaxUsers"/> are kept, so memory stays bounded.
/// The burst and the rate are settings (<c>Scout:BrowserHub:CallBurst</c>, <c>CallsPerSecond</c>): the bench's one
/// user with a thousand tabs is not a user the defaults are for.
/// </summary>
public sealed class HubCallLimits(TimeProvider clock, int capacity = HubCallLimits.Capacity, int perSecond = HubCallLimits.PerSecond)
{
    public const string Section = "Scout:BrowserHub";
    public const int Capacity = 120;
    public const int PerSecond = 10;
    public const int MaxUsers = 50_000;

    /// <summary>Time in which an empty bucket fills up again (with the default budget): forgetting it after that changes nothing.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds((double)Capacity / PerSecond);

    private readonly TimeSpan _idleAfter = TimeSpan.FromSeconds((double)capacity / perSecond);

    /// <summary>From configuration, with the defaults above for what is not set.</summary>
    public static HubCallLimits From(IConfiguration configuration, TimeProvider clock) => new(clock,
        Math.Max(1, configuration.GetValue($"{Section}:CallBurst", Capacity)),
        Math.Max(1, configuration.GetValue($"{Section}:CallsPerSecond", PerSecond)));

    private sealed record Budget(TokenBucket Bucket)
    {
        public long LastUsed;
    }

    private readonly Dictionary<string, Budget> _budgets = new();
    private readonly Lock _lock = new();
    private long _lastSweep;

    /// <summary>How many users have a budget in use now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _budgets.Count;
        }
    }

    public bool TryTake(string userId)
    {
        var now = clock.GetTimestamp();
        lock (_lock)
        {
            if (!_budgets.TryGetValue(userId, out var budget))
            {
                Sweep(now);
                _budgets[userId] = budget = new Budget(new TokenBucket(capacity, perSecond, clock));
            }
            budget.LastUsed = now;
            return budget.Bucket.TryTake();
        }
    }

    // At most once per idle period, or whenever the cap is reached; cheap next to a hub call.
    private void Sweep(long now)
    {
        if (_budgets.Count < MaxUsers && clock.GetElapsedTime(_lastSweep, now) < _idleAfter)
            return;
        _lastSweep = now;
        foreach (var (user, budget) in _budgets)
        {
            if (clock.GetElapsedTime(budget.LastUsed, now) >= _idleAfter)
                _budgets.Remove(user);
        }
        // Still full: every kept user called within the last seconds. The one idle longest loses its budget
        // (and gets a fresh, full one if it comes back), which only a flood of real logins could cause.
        while (_budgets.Count >= MaxUsers)
            _budgets.Remove(_budgets.MinBy(b => b.Value.LastUsed).Key);
    }
}

namespace Scout.Web.Accounts.Api;

/// <summary>
/// Failed logins by (client address, account email). After <c>FailuresBeforeLockout</c> failures the pair waits
/// 1 s, then twice as long after each further failure, up to <c>MaxLockout</c>; a success or <c>MaxLockout</c>
/// without a failure forgets the pair. Keyed by the pair, so guessing from elsewhere never locks the owner out
/// at their own address. At most <c>MaxTracked</c> pairs are kept (keys are capped email lengths): when full,
/// pairs that are no longer locked go first, then the one whose last failure is oldest.
/// </summary>
public sealed class LoginLockouts(AccountsSettings settings, TimeProvider clock)
{
    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset LockedUntil;
    }

    private readonly Dictionary<(string Address, string Email), Failures> _pairs = new();
    private readonly Lock _lock = new();

    /// <summary>How many pairs are remembered now (bounded by Scout:Login:MaxTrackedPairs).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _pairs.Count;
        }
    }

    /// <summary>How long the pair must still wait; zero when it may try now.</summary>
    public TimeSpan Wait(string address, string email)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
            return _pairs.TryGetValue((address, email), out var f) && f.LockedUntil > now ? f.LockedUntil - now : TimeSpan.Zero;
    }

    /// <summary>Counts a failure; true when it started a lockout (the first failure past the free ones).</summary>
    public bool Failed(string address, string email)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_pairs.TryGetValue((address, email), out var f))
            {
                MakeRoom(now);
                _pairs[(address, email)] = f = new Failures();
            }
            else if (now - f.Last > settings.MaxLockout)
            {
                f.Count = 0;
            }
            f.Count++;
            f.Last = now;
            var beyond = f.Count - settings.FailuresBeforeLockout;
            if (beyond >= 0)
            {
                var seconds = Math.Min(settings.MaxLockout.TotalSeconds, Math.Pow(2, Math.Min(beyond, 30)));
                f.LockedUntil = now + TimeSpan.FromSeconds(seconds);
            }
            return beyond == 0;
        }
    }

    public void Succeeded(string address, string email)
    {
        lock (_lock)
            _pairs.Remove((address, email));
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_pairs.Count < settings.MaxTrackedPairs)
            return;
        foreach (var (key, f) in _pairs)
        {
            if (f.LockedUntil <= now && now - f.Last > TimeSpan.FromMinutes(1))
                _pairs.Remove(key);
        }
        while (_pairs.Count >= settings.MaxTrackedPairs)
            _pairs.Remove(_pairs.MinBy(p => p.Value.Last).Key);
    }
}

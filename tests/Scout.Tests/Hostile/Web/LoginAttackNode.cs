namespace Scout.Tests.Hostile.Web;

/// <summary>
/// A node for login attacks: the per-address minute limit out of the way (cases about it have their own node),
/// three free failures per (address, account), room for 50 pairs, and loopback as a trusted proxy so a test can
/// pose as clients at different addresses with X-Forwarded-For.
/// </summary>
public sealed class LoginAttackNode() : Scout.Tests.Web.ScoutNodeFactory(new Dictionary<string, string?>
{
    ["Scout:Login:AttemptsPerMinute"] = "100000",
    ["Scout:Login:FailuresBeforeLockout"] = "3",
    ["Scout:Login:MaxTrackedPairs"] = "50",
    ["Scout:Http:KnownProxies:0"] = "127.0.0.1",
});

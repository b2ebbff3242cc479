using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace Scout.Actors.AccountSessions;

/// <summary>Registry key of the account-session shard region.</summary>
public sealed class AccountSessionRegion;

public static class AccountSessionsHosting
{
    public const string TypeName = "account-session";

    /// <summary>Starts the sharded per-account sessions on this node; settings from <c>scout.session</c>, sharding's
    /// from <c>akka.cluster.sharding</c> (hocon/server.hocon).</summary>
    public static AkkaConfigurationBuilder AddAccountSessions(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<AccountSessionRegion>(
            TypeName,
            (system, _) =>
            {
                var settings = SessionSettings.FromConfig(system.Settings.Config);
                return accountId => AccountSession.Props(accountId, settings);
            },
            new SessionMessageExtractor(),
            // No values here: the region's settings are akka.cluster.sharding in hocon/server.hocon, and a value
            // set on ShardOptions would be written over them (and over a test's overrides) where nobody looks.
            new ShardOptions());
}

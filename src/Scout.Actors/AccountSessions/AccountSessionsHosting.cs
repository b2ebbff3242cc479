using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace Scout.Actors.AccountSessions;

/// <summary>Registry key of the account-session shard region.</summary>
public sealed class AccountSessionRegion;

public static class AccountSessionsHosting
{
    public const string TypeName = "account-session";

    /// <summary>Starts the sharded per-account sessions on this node; settings from <c>scout.session</c>.</summary>
    public static AkkaConfigurationBuilder AddAccountSessions(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<AccountSessionRegion>(
            TypeName,
            (system, _) =>
            {
                var settings = SessionSettings.FromConfig(system.Settings.Config);
                return accountId => AccountSession.Props(accountId, settings);
            },
            new SessionMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
                RememberEntities = false,
                ShouldPassivateIdleEntities = false,
            });
}

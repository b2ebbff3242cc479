using Akka.Actor;
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

    /// <summary>
    /// Starts one of the node's top-level actors that talk to the session region, named <paramref name="name"/>
    /// and registered under <typeparamref name="TKey"/>: its props get the host's <typeparamref name="TService"/>
    /// and the region (looked up when actors start, after the region was registered);
    /// <paramref name="started"/> runs once it exists, before it is registered.
    /// </summary>
    public static AkkaConfigurationBuilder AddSessionRegionActor<TKey, TService>(this AkkaConfigurationBuilder builder,
        string name, Func<ActorSystem, TService, IActorRef, Props> props, Action<ActorSystem, IActorRef>? started = null) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var service = resolver.GetService<TService>();
            var actor = system.ActorOf(props(system, service, registry.Get<AccountSessionRegion>()), name);
            started?.Invoke(system, actor);
            registry.Register<TKey>(actor);
        });
}

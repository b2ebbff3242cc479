using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Scout.Actors;
using Scout.Actors.OpsApi;
using Scout.Actors.Remoting;

namespace Scout.Ops.Connection;

/// <summary>The console's own small ActorSystem: remoting on a free port (mutual TLS when given a certificate, plain
/// only on loopback), strict serialization, silent logs.</summary>
public static class ConsoleSystem
{
    /// <summary>How the console names its TLS settings to the operator: the flag, and the environment variable.</summary>
    public static string SettingName(string property) => property switch
    {
        nameof(TlsSettings.CertificatePath) => "--cert (Scout__Cluster__Tls__CertificatePath)",
        nameof(TlsSettings.CertificatePassword) => "--cert-password (Scout__Cluster__Tls__CertificatePassword)",
        nameof(TlsSettings.KeyPath) => "--key (Scout__Cluster__Tls__KeyPath)",
        nameof(TlsSettings.CaPath) => "--ca (Scout__Cluster__Tls__CaPath)",
        _ => property,
    };

    /// <param name="host">The address nodes reach the console at (<see cref="ConsoleHost"/>).</param>
    /// <param name="bindAny">True when <paramref name="host"/> was given by the operator and may not be a local
    /// interface (NAT): listen on every interface and only advertise it.</param>
    /// <param name="tls">The console's certificate and the cluster's CA; not enabled: plain TCP, allowed on loopback only.</param>
    /// <exception cref="RemoteTlsException">No TLS on a non-loopback address, or TLS files that do not load.</exception>
    public static ActorSystem Create(string host, bool bindAny, TlsSettings tls)
    {
        var bind = bindAny ? "0.0.0.0" : host;
        if (RemoteTls.PlainTcpProblem(bind, tls, bindAny ? "--host (listening on 0.0.0.0)" : "the console's address toward the node",
                "--cert and --ca (or Scout__Cluster__Tls__CertificatePath and Scout__Cluster__Tls__CaPath)",
                "a node with TLS would not talk to it, and one without would be open to anyone") is { } problem)
            throw new RemoteTlsException(problem);
        var remoteTls = tls.Enabled ? RemoteTls.Load(tls, SettingName) : null;
        var publicHost = bindAny ? $"public-hostname = \"{host}\"" : "";
        // run-by-clr-shutdown-hook off: the console decides how long its exit may take (not at all when no node
        // answered), instead of the CLR's process-exit hook running the coordinated shutdown's phases.
        var config = ConfigurationFactory.ParseString($$"""
                akka {
                  loglevel = OFF
                  stdout-loglevel = OFF
                  actor.provider = remote
                  actor.serialization-settings.allow-unregistered-types = false
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                  remote.log-remote-lifecycle-events = off
                  remote.dot-netty.tcp {
                    hostname = "{{bind}}"
                    {{publicHost}}
                    port = 0
                    maximum-frame-size = 4 MiB
                    enable-ssl = {{(remoteTls is null ? "off" : "on")}}
                  }
                }
                """)
            .WithFallback(ScoutHocon.Load("serialization.hocon"))
            // A plain remote provider loads neither default: without them ClusterClient's wrapper messages have no
            // serializer binding (and strict serialization refuses them).
            .WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
        var setup = BootstrapSetup.Create().WithConfig(config);
        return ActorSystem.Create(OpsProtocol.ConsoleSystemName, remoteTls is null ? ActorSystemSetup.Create(setup) : setup.And(remoteTls.Setup()));
    }
}

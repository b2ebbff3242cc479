using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.AspNetCore.SignalR;
using Scout.Actors;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.Bridge;
using Scout.Actors.Logging;
using Scout.Actors.OpsApi;
using Scout.Actors.Remoting;
using Scout.Web.Accounts.Presence;
using Scout.Web.Agents;
using Scout.Web.Auth;
using Scout.Web.BrowserHub;
using Scout.Web.Hubs;
using Scout.Web.Observability;
using Scout.Web.OpsApi;

namespace Scout.Web.Cluster;

public static class ScoutClusterHosting
{
    /// <summary>
    /// The node's Akka.NET side: a cluster member (joining itself when no seeds are configured) hosting
    /// the account sessions, the agent proxies and the SignalR bridge, plus both hubs.
    /// </summary>
    public static WebApplicationBuilder AddScoutCluster(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ClusterSettings>(builder.Configuration.GetSection(ClusterSettings.Section));
        builder.Services.AddSignalR(o => o.AddFilter<HubFailureLogging>())
            // Browsers send only small calls: SignalR's default limit (32 KB) stays for them. Agents send
            // samples the proxy checks against 64 KB itself (a counted drop); only beyond this ceiling does
            // SignalR close the connection.
            .AddHubOptions<AgentHub>(o =>
            {
                o.MaximumReceiveMessageSize = AgentHub.MaxMessageBytes;
                // Fewer pings from and to idle agents, in step with the agent's own (AgentHubMethods).
                o.KeepAliveInterval = AgentHubMethods.NodeKeepAlive;
                o.ClientTimeoutInterval = AgentHubMethods.AgentSilenceLimit;
            });
        // Refusals are logged once per connection by the hubs, real failures by HubFailureLogging.
        builder.Logging.AddFilter(HubFailureLogging.DispatcherCategory, LogLevel.Critical);
        builder.Services.AddSingleton<IWatcherPush, HubWatcherPush>();
        builder.Services.AddSingleton<IAgentChannel, HubAgentChannel>();
        builder.Services.AddSingleton<IServerDirectory, StoreServerDirectory>();
        builder.Services.AddOptions<AgentAdmissionSettings>().Bind(builder.Configuration.GetSection(AgentAdmissionSettings.Section))
            .Validate(s => s.Validate() is null, "invalid Scout:Agents settings (see docs/agent.md, Quotas)").ValidateOnStart();
        builder.Services.AddSingleton<AgentAdmission>();
        builder.Services.AddSingleton<IServerPresence, ClusterServerPresence>();
        builder.Services.AddSingleton<IOpsDirectory, StoreOpsDirectory>();
        builder.Services.AddHostedService<EmbeddedAgent>();
        builder.Services.AddSingleton<AgentKeyConnections>();
        builder.Services.AddSingleton<LoginConnections>();
        builder.Services.AddSingleton(sp => HubCallLimits.From(builder.Configuration, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.AddHostedService<EndedCredentialWatch>();

        // Read inside the callback: tests override configuration after Program's top lines ran.
        builder.Services.AddAkka(ClusterSettings.SystemName, (akka, services) =>
        {
            var settings = services.GetRequiredService<IConfiguration>().GetSection(ClusterSettings.Section).Get<ClusterSettings>()
                           ?? new ClusterSettings();
            if (settings.Validate() is { } problem)
                throw new InvalidOperationException(problem);
            var extra = services.GetRequiredService<IConfiguration>()["Scout:Akka:Hocon"];
            if (!string.IsNullOrWhiteSpace(extra))
                akka.AddHocon(extra, HoconAddMode.Prepend);
            akka.AddHocon(ScoutHocon.Load("server.hocon"), HoconAddMode.Append)
                .AddHocon(ScoutHocon.Load("serialization.hocon"), HoconAddMode.Append)
                .ConfigureLoggers(l =>
                {
                    // Akka's log events go through Microsoft.Extensions.Logging, one category per class.
                    l.ClearLoggers();
                    l.AddLogger<AkkaLogBridge>();
                })
                .WithStrictSerialization()
                .WithRemoting(Remoting(settings))
                .WithClustering(new ClusterOptions { SeedNodes = settings.Seeds })
                .AddAccountSessions()
                .AddAgentConnections()
                .AddSignalRBridge()
                .WithClusterClientReceptionist()
                .AddOpsService()
                .WithScoutHealthChecks(); // /readyz (src/Scout.Web/Observability)
            if (settings.Seeds.Length == 0)
                akka.AddStartup((system, _) =>
                {
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });
        return builder;
    }

    /// <summary>Plain TCP on loopback (the single-node default), or mutual TLS with the cluster's CA
    /// (<see cref="RemoteTls"/>): DotNetty's setup gets the certificate and a validator of our own.</summary>
    private static RemoteOptions Remoting(ClusterSettings settings)
    {
        var options = new RemoteOptions { HostName = settings.Hostname, Port = settings.Port };
        if (!settings.Tls.Enabled)
            return options;
        // Refuses (RemoteTlsException, naming the setting) a file that cannot be read or a certificate peers would refuse.
        var tls = RemoteTls.Load(settings.Tls, name => $"{TlsSettings.Section}:{name}");
        options.EnableSsl = true;
        options.Ssl = new SslOptions
        {
            X509Certificate = tls.Certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            // Nodes are reached by IP, and every certificate the CA signs belongs to the cluster: the chain decides.
            ValidateCertificateHostname = false,
            CustomValidator = tls.Validate,
        };
        return options;
    }

    public static WebApplication MapScoutCluster(this WebApplication app)
    {
        app.MapHub<MetricsHub>(MetricsHub.Path);
        app.MapHub<AgentHub>(AgentHubMethods.Path);
        app.MapGet("/healthz", (Akka.Actor.ActorSystem system) =>
        {
            var self = Akka.Cluster.Cluster.Get(system).SelfMember;
            return self.Status == Akka.Cluster.MemberStatus.Up
                ? Results.Ok(new { status = "up", node = self.Address.ToString() })
                : Results.Json(new { status = self.Status.ToString().ToLowerInvariant() }, statusCode: 503);
        });
        return app;
    }
}

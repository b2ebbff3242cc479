using Scout.Web.Accounts;
using Scout.Web.Cluster;
using Scout.Web.Downloads;
using Scout.Web.History;
using Scout.Web.Observability;
using Scout.Web.Pages;
using Scout.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddScoutWebSecurity(); // origins, proxies, headers, HTTPS (src/Scout.Web/Security)
builder.AddScoutLogFormat(); // Scout:Logging:Format text|json, Akka's log events too (src/Scout.Web/Observability)
builder.AddScoutAccounts(); // accounts, database, auth (src/Scout.Web/Accounts)
builder.AddScoutCluster();  // Akka.NET cluster member, hubs (src/Scout.Web/Cluster)
builder.AddScoutHistory();  // minute reports: storage, retention (src/Scout.Web/History)
builder.AddScoutMetrics();  // meters for /metrics, readiness checks (src/Scout.Web/Observability)

var app = builder.Build();
app.UseScoutWebSecurity();  // first: real client address, hardening headers, body caps, Origin checks
app.MapScoutMetrics();      // /metrics (bearer token, or only on Scout:Metrics:Urls), /readyz
app.UseScoutReadinessGate(); // 503 for everything else until the node is ready (src/Scout.Web/Observability)
app.UseScoutStaticFiles();  // css, js, lib: public, before authentication (src/Scout.Web/Pages)
app.UseScoutDownloads();    // /downloads: the agent's install script and package (src/Scout.Web/Downloads)
app.UseScoutAccounts();     // authentication, authorization, rate limiting
app.MapScoutAccounts();     // /login, /api/signup|login|logout|me|servers|account/agent-keys
app.MapScoutCluster();      // /hubs/metrics, /hubs/agent, /healthz
app.MapScoutHistory();      // /api/servers/{id}/history
app.MapScoutPages();        // the browser UI: /, /servers/{id}, /wall (src/Scout.Web/Pages)
app.Run();

using Scout.Web.Accounts;
using Scout.Web.Cluster;
using Scout.Web.History;
using Scout.Web.Pages;
using Scout.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddScoutWebSecurity(); // origins, proxies, headers, HTTPS (src/Scout.Web/Security)
builder.AddScoutAccounts(); // accounts, database, auth (src/Scout.Web/Accounts)
builder.AddScoutCluster();  // Akka.NET cluster member, hubs (src/Scout.Web/Cluster)
builder.AddScoutHistory();  // minute reports: storage, retention (src/Scout.Web/History)

var app = builder.Build();
app.UseScoutWebSecurity();  // first: real client address, hardening headers, body caps, Origin checks
app.UseScoutStaticFiles();  // css, js, lib: public, before authentication (src/Scout.Web/Pages)
app.UseScoutAccounts();     // authentication, authorization, rate limiting
app.MapScoutAccounts();     // /login, /api/signup|login|logout|me|servers|account/agent-keys
app.MapScoutCluster();      // /hubs/metrics, /hubs/agent, /healthz
app.MapScoutHistory();      // /api/servers/{id}/history
app.MapScoutPages();        // the browser UI: /, /servers/{id}, /wall (src/Scout.Web/Pages)
app.Run();

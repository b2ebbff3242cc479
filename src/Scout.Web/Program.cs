using Scout.Web.Accounts;
using Scout.Web.Cluster;

var builder = WebApplication.CreateBuilder(args);
builder.AddScoutAccounts(); // accounts, database, auth (src/Scout.Web/Accounts)
builder.AddScoutCluster();  // Akka.NET cluster member, hubs (src/Scout.Web/Cluster)

var app = builder.Build();
app.UseScoutAccounts();     // authentication, authorization, rate limiting
app.MapScoutAccounts();     // /login, /api/signup|login|logout|me|servers|account/agent-key
app.MapScoutCluster();      // /hubs/metrics, /hubs/agent, /healthz
app.Run();

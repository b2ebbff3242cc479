using Scout.Web.Accounts;

var builder = WebApplication.CreateBuilder(args);
builder.AddScoutAccounts(); // accounts, database, auth (src/Scout.Web/Accounts)
var app = builder.Build();
app.UseScoutAccounts(); // authentication, authorization, rate limiting
app.MapGet("/healthz", () => Results.Ok());
app.MapScoutAccounts(); // /login, /api/signup|login|logout|me|servers|account/agent-key
app.Run();

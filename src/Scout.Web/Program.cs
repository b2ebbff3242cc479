using Scout.Web.Cluster;

var builder = WebApplication.CreateBuilder(args);
builder.AddScoutCluster();

var app = builder.Build();
app.MapScoutCluster();
app.Run();

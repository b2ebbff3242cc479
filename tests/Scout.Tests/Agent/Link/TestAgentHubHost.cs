using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scout.Actors.AgentWire;

namespace Scout.Tests.Agent.Link;

/// <summary>
/// A real Kestrel server on loopback with the test agent hub. A middleware stands in for the agent-key
/// check: any request to the hub without "Bearer {key}" gets 401 and is counted.
/// </summary>
internal sealed class TestAgentHubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestAgentHubHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public IHubContext<TestAgentHub> Hub => _app.Services.GetRequiredService<IHubContext<TestAgentHub>>();

    public static async Task<TestAgentHubHost> StartAsync(HubRecorder recorder, string key, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(recorder);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(AgentHubMethods.Path)
                && context.Request.Headers.Authorization.ToString() != $"Bearer {key}")
            {
                recorder.RefusedRequests.Enqueue(context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapHub<TestAgentHub>(AgentHubMethods.Path);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestAgentHubHost(app, new Uri(address).Port);
    }

    public Task SendToAllAsync(string method, object argument) => Hub.Clients.All.SendAsync(method, argument);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

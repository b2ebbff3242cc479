using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Scout.Web.Auth;

namespace Scout.Tests.Web.Accounts.Api;

/// <summary>
/// A node with two probe paths for what only the lead's pages and hubs use: a page that demands a
/// login (/test/page) and a hub-like path that demands an agent key (/hubs/test-agent).
/// Both run the node's real authentication handlers.
/// </summary>
public sealed class TestNode()
    // A login limit no single test class reaches; RateLimitApiSpecs checks the limit on its own node.
    : ScoutNodeFactory(new Dictionary<string, string?> { ["Scout:Login:AttemptsPerMinute"] = "1000" })
{
    public const string PagePath = "/test/page";
    public const string AgentPath = "/hubs/test-agent";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ProbePaths>());
    }

    private sealed class ProbePaths : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Plain middleware rather than app.Map, which would move the path into PathBase.
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == PagePath)
                {
                    await context.ChallengeAsync();
                    return;
                }
                if (context.Request.Path != AgentPath)
                {
                    await nextMiddleware();
                    return;
                }
                var result = await context.AuthenticateAsync(AgentKeyAuthenticationHandler.SchemeName);
                if (!result.Succeeded)
                {
                    await context.ChallengeAsync(AgentKeyAuthenticationHandler.SchemeName);
                    return;
                }
                await context.Response.WriteAsync(result.Principal.AgentAccountId() ?? "");
            });
            next(app);
        };
    }
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scout.Web.Accounts.Api;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Passwords;
using Scout.Web.Accounts.Presence;
using Scout.Web.Accounts.Seeding;
using Scout.Web.Accounts.Storage;
using Scout.Web.Auth;

namespace Scout.Web.Accounts;

/// <summary>
/// Wires accounts, storage and access control into the node with three calls in Program.cs:
/// <c>builder.AddScoutAccounts()</c>, <c>app.UseScoutAccounts()</c>, <c>app.MapScoutAccounts()</c>.
/// </summary>
public static class AccountsSetup
{
    public static WebApplicationBuilder AddScoutAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AccountsSettings.From(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(sp => ScoutDatabase.From(
            sp.GetRequiredService<AccountsSettings>(), sp.GetRequiredService<ILogger<ScoutDatabase>>()));
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<ServerStore>();
        services.AddSingleton<AgentKeyStore>();
        services.AddSingleton<EndedLogins>();
        services.AddSingleton<SharedKeyRing>();
        services.AddSingleton<LoginLockouts>();
        services.AddSingleton<LoginAttempts>();
        services.AddSingleton<DemoSeed>();
        services.AddSingleton<DemoSeeding>();
        services.AddSingleton<EmbeddedAgentKey>();
        services.AddSingleton<EmbeddedAgentKeys>();
        // The cluster registers the real one; until then every server is offline.
        services.TryAddSingleton<IServerPresence, NoServerPresence>();
        // First of all hosted services, whatever registered Data Protection before us (antiforgery does): Data
        // Protection's own hosted service loads the key ring at start and makes a key if there is none, which on an
        // empty shared database would race the other nodes' first key outside SharedKeyRing's lock.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AccountsStartup>());

        // Cookie-encryption keys where the data is, so logins survive restarts of the node: with SQLite in a
        // folder next to the file; with PostgreSQL in the shared database, so a cookie works on every node.
        services.AddDataProtection().SetApplicationName("ScoutRealtime");
        services.AddOptions<KeyManagementOptions>()
            .Configure<AccountsSettings, ScoutDatabase, ILoggerFactory>((options, settings, database, loggers) =>
                options.XmlRepository = settings.DatabaseProvider == DatabaseProvider.PostgreSql
                    ? new DatabaseXmlRepository(database)
                    : new FileSystemXmlRepository(Directory.CreateDirectory(settings.KeysPath), loggers));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(BrowserCookie.Configure)
            .AddScheme<AgentKeyAuthenticationOptions, AgentKeyAuthenticationHandler>(
                AgentKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ScoutPolicies.Browser, policy => policy
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ScoutClaims.UserId))
            .AddPolicy(ScoutPolicies.Agent, policy => policy
                .AddAuthenticationSchemes(AgentKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ScoutClaims.AccountId)
                .RequireClaim(ScoutClaims.KeyId));
        services.AddRateLimiter(AccountsRateLimits.Configure);

        // ASP.NET Core's "Request starting/finished" lines include the query string, which carries
        // the agent key on WebSocket connections (?access_token=). Secrets are never logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    /// <summary>Authentication, authorization and rate limiting, in that order; call before mapping endpoints and hubs.</summary>
    public static WebApplication UseScoutAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static IEndpointRouteBuilder MapScoutAccounts(this IEndpointRouteBuilder routes)
    {
        AuthEndpoints.Map(routes);
        LoginPage.Map(routes);
        AccountEndpoints.Map(routes);
        ServerEndpoints.Map(routes);
        return routes;
    }
}

using Scout.Web.Accounts.Storage;

namespace Scout.Web.Accounts;

/// <summary>
/// Settings of the accounts part, read from configuration when first needed (not at the top of
/// Program.cs), so settings a test host adds late are seen too.
/// </summary>
public sealed class AccountsSettings
{
    public const string DefaultDatabasePath = "data/scout.db";

    /// <summary>Scout:Database:Provider: <c>sqlite</c> (default) or <c>postgresql</c>.</summary>
    public DatabaseProvider DatabaseProvider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>Absolute path of the SQLite file (Scout:Database:Path, relative to the content root).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Npgsql connection string of the shared database (Scout:Database:ConnectionString); PostgreSQL only.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// Where cookie-encryption keys live with SQLite (Scout:DataProtection:KeysPath, default: "keys" next to
    /// the database). With PostgreSQL they are in the database, so every node reads the same key ring.
    /// </summary>
    public required string KeysPath { get; init; }

    /// <summary>Scout:Signup:Enabled (default true).</summary>
    public bool SignupEnabled { get; init; } = true;

    /// <summary>Login and signup attempts allowed per minute from one client address (Scout:Login:AttemptsPerMinute).</summary>
    public int AttemptsPerMinute { get; init; } = 10;

    /// <summary>Failed logins from one address for one account before it must wait (Scout:Login:FailuresBeforeLockout).</summary>
    public int FailuresBeforeLockout { get; init; } = 5;

    /// <summary>Longest wait of a locked (address, account) pair, and how long a pair is remembered (Scout:Login:MaxLockout).</summary>
    public TimeSpan MaxLockout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Most (address, account) pairs the node remembers failures of (Scout:Login:MaxTrackedPairs).</summary>
    public int MaxTrackedPairs { get; init; } = 10_000;

    /// <summary>Scout:Demo:Password; a random one is generated when unset.</summary>
    public string? DemoPassword { get; init; }

    /// <summary>Scout:EmbeddedAgent:Enabled (default true): mint a key for the node's own agent on each start.</summary>
    public bool EmbeddedAgentEnabled { get; init; } = true;

    /// <summary>Account the embedded agent reports to (Scout:EmbeddedAgent:Account, default "Demo").</summary>
    public string EmbeddedAgentAccount { get; init; } = Seeding.DemoSeeding.DemoAccountName;

    /// <summary>The URL agents should use to reach this node (Scout:PublicUrl); the request's own URL when unset.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>
    /// Every node URL an agent should be given (Scout:AgentUrls:N), so the commands shown for a new key list the
    /// whole cluster and the agent can move to another node when its own goes away. Empty: <see cref="PublicUrl"/>,
    /// or the URL the request came in on.
    /// </summary>
    public IReadOnlyList<string> AgentUrls { get; init; } = [];

    public static AccountsSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var database = Path.GetFullPath(
            configuration["Scout:Database:Path"] is { Length: > 0 } path ? path : DefaultDatabasePath,
            environment.ContentRootPath);
        var keys = configuration["Scout:DataProtection:KeysPath"] is { Length: > 0 } keyPath
            ? Path.GetFullPath(keyPath, environment.ContentRootPath)
            : Path.Combine(Path.GetDirectoryName(database) ?? environment.ContentRootPath, "keys");
        var provider = ParseProvider(configuration["Scout:Database:Provider"]);
        var connectionString = configuration["Scout:Database:ConnectionString"] is { Length: > 0 } cs ? cs : null;
        if (provider == DatabaseProvider.PostgreSql && connectionString is null)
        {
            throw new InvalidOperationException(
                "Scout:Database:Provider is postgresql but Scout:Database:ConnectionString is not set " +
                "(e.g. Scout__Database__ConnectionString=\"Host=db;Database=scout;Username=scout;Password=...\")");
        }
        var attempts = configuration.GetValue<int?>("Scout:Login:AttemptsPerMinute") ?? 10;
        if (attempts < 1)
        {
            throw new InvalidOperationException($"Scout:Login:AttemptsPerMinute must be at least 1 (is {attempts})");
        }
        return new AccountsSettings
        {
            DatabaseProvider = provider,
            DatabasePath = database,
            ConnectionString = connectionString,
            KeysPath = keys,
            SignupEnabled = configuration.GetValue<bool?>("Scout:Signup:Enabled") ?? true,
            AttemptsPerMinute = attempts,
            FailuresBeforeLockout = Math.Max(1, configuration.GetValue<int?>("Scout:Login:FailuresBeforeLockout") ?? 5),
            MaxLockout = configuration.GetValue<TimeSpan?>("Scout:Login:MaxLockout") ?? TimeSpan.FromMinutes(15),
            MaxTrackedPairs = Math.Max(1, configuration.GetValue<int?>("Scout:Login:MaxTrackedPairs") ?? 10_000),
            DemoPassword = configuration["Scout:Demo:Password"] is { Length: > 0 } password ? password : null,
            EmbeddedAgentEnabled = configuration.GetValue<bool?>("Scout:EmbeddedAgent:Enabled") ?? true,
            EmbeddedAgentAccount = configuration["Scout:EmbeddedAgent:Account"] is { Length: > 0 } account
                ? account
                : Seeding.DemoSeeding.DemoAccountName,
            PublicUrl = configuration["Scout:PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null,
            AgentUrls = configuration.GetSection("Scout:AgentUrls").GetChildren()
                .Select(c => c.Value?.Trim().TrimEnd('/')).OfType<string>().Where(u => u.Length > 0).ToList(),
        };
    }

    public static DatabaseProvider ParseProvider(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
        _ => throw new InvalidOperationException($"Scout:Database:Provider must be sqlite or postgresql (is '{text}')"),
    };
}

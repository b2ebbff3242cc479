using Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using Scout.Web.Accounts;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Passwords;
using Scout.Web.Accounts.Storage;

namespace Scout.Tests.Web.Accounts;

/// <summary>
/// A real database with the stores built on it: a SQLite file in its own temp folder, or a throw-away
/// PostgreSQL database (<see cref="TestPostgres"/>). Deleted or dropped on dispose.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly List<ScoutDatabase> _opened = [];
    private readonly TestPostgres.ThrowawayDatabase? _postgres;

    public TempDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Provider = provider;
        Folder = Path.Combine(Path.GetTempPath(), "scout-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "nested", "scout.db");
        if (provider == DatabaseProvider.PostgreSql)
            _postgres = TestPostgres.CreateDatabase();
        Database = Open();
        Accounts = new AccountStore(Database, Passwords, Clock);
        Servers = new ServerStore(Database, Clock);
        Keys = new AgentKeyStore(Database, Clock);
    }

    public DatabaseProvider Provider { get; }
    public string Folder { get; }

    /// <summary>The SQLite file (unused with PostgreSQL).</summary>
    public string FilePath { get; }

    /// <summary>The throw-away PostgreSQL database (only with PostgreSQL).</summary>
    public TestPostgres.ThrowawayDatabase Postgres => _postgres ?? throw new InvalidOperationException("not a PostgreSQL test database");

    /// <summary>The PostgreSQL database's connection string (null with SQLite).</summary>
    public string? ConnectionString => _postgres?.ConnectionString;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    public PasswordHashing Passwords { get; } = new();
    public ScoutDatabase Database { get; }
    public AccountStore Accounts { get; }
    public ServerStore Servers { get; }
    public AgentKeyStore Keys { get; }

    /// <summary>Another instance on the same database, as a restarted (or another) node would open it.</summary>
    public ScoutDatabase Open()
    {
        var database = new ScoutDatabase(
            _postgres is null ? new SqliteDialect(FilePath) : new PostgresDialect(_postgres.ConnectionString),
            NullLogger<ScoutDatabase>.Instance);
        _opened.Add(database);
        return database;
    }

    public AccountsSettings Settings(string? demoPassword = null, bool embeddedAgent = true) => new()
    {
        DatabaseProvider = Provider,
        DatabasePath = FilePath,
        ConnectionString = ConnectionString,
        KeysPath = Path.Combine(Folder, "keys"),
        DemoPassword = demoPassword,
        EmbeddedAgentEnabled = embeddedAgent,
    };

    public async Task<(UserRecord User, AccountRecord Account)> SignupAsync(
        string account, string email, string password = "correct horse")
    {
        var result = await Accounts.CreateAccountWithOwnerAsync(account, email, password);
        Assert.Equal(SignupOutcome.Created, result.Outcome);
        return (result.User!, result.Account!);
    }

    public void Dispose()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }
        _postgres?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing (or, with PostgreSQL, no folder); the temp folder is cleaned by the OS eventually.
        }
    }
}

/// <summary>A clock the test moves by hand (test double, unit tests only).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

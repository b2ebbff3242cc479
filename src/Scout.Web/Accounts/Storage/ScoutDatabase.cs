using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// The node's database: a SQLite file (one node) or PostgreSQL (a cluster), chosen by Scout:Database:Provider.
/// Hands out one opened connection per call (both providers pool the underlying ones), so stores built on it
/// are safe to share between requests, singletons and actors. The schema is migrated once, before the first
/// connection is handed out.
/// </summary>
public sealed class ScoutDatabase : IDisposable
{
    private readonly ILogger _logger;
    private readonly Lazy<Task> _ready;

    public ScoutDatabase(SqlDialect dialect, ILogger<ScoutDatabase>? logger = null)
    {
        Dialect = dialect;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ready = new Lazy<Task>(MigrateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A SQLite file (created with its folder when missing).</summary>
    public ScoutDatabase(string path, ILogger<ScoutDatabase>? logger = null) : this(new SqliteDialect(path), logger)
    {
    }

    public static ScoutDatabase From(AccountsSettings settings, ILogger<ScoutDatabase>? logger = null) =>
        new(settings.DatabaseProvider switch
        {
            DatabaseProvider.PostgreSql => new PostgresDialect(settings.ConnectionString ?? ""),
            _ => new SqliteDialect(settings.DatabasePath),
        }, logger);

    public SqlDialect Dialect { get; }

    /// <summary>Where the data is (a file path, or PostgreSQL host/database), for log lines.</summary>
    public string Name => Dialect.Name;

    /// <summary>Creates or migrates the schema (once per instance); later calls return the same task.</summary>
    public Task EnsureReadyAsync(CancellationToken ct = default) => _ready.Value.WaitAsync(ct);

    /// <summary>An opened connection on a migrated schema. Dispose it when done.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        await EnsureReadyAsync(ct);
        return await Dialect.OpenAsync(ct);
    }

    /// <summary>The same, blocking: only for callers that cannot await (Data Protection's key repository).</summary>
    public DbConnection Open()
    {
        EnsureReadyAsync().GetAwaiter().GetResult();
        return Dialect.Open();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of its own. When that connection was dead — its session
    /// ended while it sat in the pool, after a PostgreSQL restart or failover — the work runs once more on a
    /// fresh one instead of failing the caller: it broke before committing, so nothing of it was kept. (A break
    /// during the commit itself cannot be told apart; every unit of work here is safe to repeat: upserts,
    /// inserts that ignore or report duplicates, revocations, reads.)
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(ct);
                return await work(connection);
            }
            catch (DbException e) when (attempt == 1 && Dialect.IsBrokenConnection(e) && !ct.IsCancellationRequested)
            {
                _logger.LogInformation("Database {Name}: a connection was dead ({Error}); trying once more on a fresh one",
                    Name, e.Message);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{DbConnection, Task{T}}, CancellationToken)"/>
    public Task RunAsync(Func<DbConnection, Task> work, CancellationToken ct = default) =>
        RunAsync<bool>(async connection =>
        {
            await work(connection);
            return true;
        }, ct);

    public bool IsUniqueViolation(DbException e) => Dialect.IsUniqueViolation(e);

    public bool IsForeignKeyViolation(DbException e) => Dialect.IsForeignKeyViolation(e);

    /// <summary>Closes idle pooled connections (tests call it before deleting a SQLite file's folder).</summary>
    public void ReleasePooledConnections() => Dialect.Dispose();

    public void Dispose() => Dialect.Dispose();

    private async Task MigrateAsync()
    {
        await using var connection = await Dialect.OpenAsync(CancellationToken.None);
        await Dialect.BeforeMigrationAsync(connection);
        await using var transaction = await connection.BeginTransactionAsync();
        await Dialect.LockForMigrationAsync(connection, transaction);
        await using (var table = connection.Command(Dialect.Schema("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied     {int} NOT NULL
            );
            """), transaction))
        {
            await table.ExecuteNonQueryAsync();
        }

        long current;
        await using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction))
        {
            current = Convert.ToInt64(await read.ExecuteScalarAsync());
        }
        if (current > Migrations.Latest)
        {
            throw new InvalidOperationException(
                $"Database {Name} has schema version {current}, newer than this build knows ({Migrations.Latest}). " +
                "Run a newer Scout build or point Scout:Database at another database.");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await using (var step = connection.Command(Dialect.Schema(migration.Sql), transaction))
            {
                await step.ExecuteNonQueryAsync();
            }
            await using (var record = connection.Command(
                "INSERT INTO schema_version (version, description, applied) VALUES (@v, @d, @a);", transaction,
                ("@v", migration.Version), ("@d", migration.Description), ("@a", UnixTime.ToMs(DateTimeOffset.UtcNow))))
            {
                await record.ExecuteNonQueryAsync();
            }
            _logger.LogInformation("Database {Name}: applied migration {Version} ({Description})",
                Name, migration.Version, migration.Description);
        }
        await transaction.CommitAsync();
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// The node's SQLite database file. Hands out one opened connection per call (ADO.NET pools the
/// underlying handles), so stores built on it are safe to share between requests, singletons and
/// actors. The schema is migrated once, before the first connection is handed out.
/// </summary>
public sealed class ScoutDatabase
{
    /// <summary>How long a writer waits for another writer's lock before failing (milliseconds).</summary>
    public const int BusyTimeoutMs = 5000;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Lazy<Task> _ready;

    public ScoutDatabase(string path, ILogger<ScoutDatabase>? logger = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("database path is empty (setting Scout:Database:Path)", nameof(path));
        }
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout (seconds).
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ready = new Lazy<Task>(MigrateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>Creates or migrates the schema (once per instance); later calls return the same task.</summary>
    public Task EnsureReadyAsync(CancellationToken ct = default) => _ready.Value.WaitAsync(ct);

    /// <summary>An opened connection on a migrated schema. Dispose it when done.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        await EnsureReadyAsync(ct);
        return await OpenUncheckedAsync(ct);
    }

    /// <summary>Closes idle pooled handles to the file (tests call it before deleting the folder).</summary>
    public void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenUncheckedAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per-connection settings: a pooled handle may be fresh, so set them on every open.
            await using var pragmas = connection.Command(
                $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMs};");
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task MigrateAsync()
    {
        await using var connection = await OpenUncheckedAsync(CancellationToken.None);

        // WAL lets readers go on while one writer commits; the mode is stored in the file itself.
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
        {
            await wal.ExecuteScalarAsync();
        }
        await using (var table = connection.Command("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied     INTEGER NOT NULL
            );
            """))
        {
            await table.ExecuteNonQueryAsync();
        }

        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): two nodes starting together migrate one after the other.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        long current;
        await using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction))
        {
            current = (long)(await read.ExecuteScalarAsync() ?? 0L);
        }
        if (current > Migrations.Latest)
        {
            throw new InvalidOperationException(
                $"Database {Path} has schema version {current}, newer than this build knows ({Migrations.Latest}). " +
                "Run a newer Scout build or point Scout:Database:Path at another file.");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await using (var step = connection.Command(migration.Sql, transaction))
            {
                await step.ExecuteNonQueryAsync();
            }
            await using (var record = connection.Command(
                "INSERT INTO schema_version (version, description, applied) VALUES ($v, $d, $a);", transaction,
                ("$v", migration.Version), ("$d", migration.Description), ("$a", UnixTime.ToMs(DateTimeOffset.UtcNow))))
            {
                await record.ExecuteNonQueryAsync();
            }
            _logger.LogInformation("Database {Path}: applied migration {Version} ({Description})",
                Path, migration.Version, migration.Description);
        }
        await transaction.CommitAsync();
    }
}

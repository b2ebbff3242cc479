using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Scout.Web.Accounts.Storage;

/// <summary>SQLite in one file: WAL journal, foreign keys and a busy timeout on every connection.</summary>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>How long a writer waits for another writer's lock before failing (milliseconds).</summary>
    public const int BusyTimeoutMs = 5000;

    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("database path is empty (setting Scout:Database:Path)", nameof(path));
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout (seconds).
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Name => Path;

    protected override string IntegerType => "INTEGER";
    protected override string RealType => "REAL";
    protected override string BlobType => "BLOB";
    protected override string NoCase => "COLLATE NOCASE";

    // Per-connection settings: a pooled handle may be fresh, so they are set on every open.
    private static readonly string Pragmas = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMs};";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = connection.Command(Pragmas);
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.Command(Pragmas);
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>WAL lets readers go on while one writer commits; the mode is stored in the file itself.</summary>
    public override async Task BeforeMigrationAsync(DbConnection connection)
    {
        await using var wal = connection.Command("PRAGMA journal_mode = WAL;");
        await wal.ExecuteScalarAsync();
    }

    /// <summary>Nothing to take: the migration's transaction is BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default),
    /// which already makes two processes starting together migrate one after the other.</summary>
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction) => Task.CompletedTask;

    // SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY / SQLITE_CONSTRAINT_FOREIGNKEY (extended result codes).
    public override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public override bool IsForeignKeyViolation(DbException e) => e is SqliteException { SqliteExtendedErrorCode: 787 };

    /// <summary>A file has no session to lose.</summary>
    public override bool IsBrokenConnection(DbException e) => false;

    /// <summary>Closes idle pooled handles to the file (so its folder can be deleted).</summary>
    public override void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}

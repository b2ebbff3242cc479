using System.Data.Common;
using Npgsql;

namespace Scout.Web.Accounts.Storage;

/// <summary>PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>, shared by every node of a cluster.</summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <summary>
    /// Key of the transaction-scoped advisory lock held while migrating ("scout" in ASCII). Nodes starting
    /// together wait for each other here, then find the schema current and apply nothing.
    /// </summary>
    public const long MigrationLockKey = 0x73636F7574;

    /// <summary>Key of the advisory lock held while the cluster's first cookie-protection key is made (<see cref="SharedKeyRing"/>).</summary>
    public const long KeyRingLockKey = MigrationLockKey + 1;

    /// <summary>
    /// Case-insensitive comparison of a text column, as SQLite's NOCASE: an ICU collation that ignores case
    /// (level 2 keeps accents), so <c>=</c>, UNIQUE and ON CONFLICT treat "Acme" and "acme" as one name.
    /// </summary>
    public const string NoCaseCollation = "scout_nocase";

    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException(
                "PostgreSQL needs a connection string (setting Scout:Database:ConnectionString)", nameof(connectionString));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The message of a malformed string may quote it, password included: say only what is wrong.
            throw new ArgumentException(
                "Scout:Database:ConnectionString is not a valid Npgsql connection string", nameof(connectionString));
        }
        Name = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string Name { get; }

    protected override string IntegerType => "BIGINT";
    protected override string RealType => "DOUBLE PRECISION";
    protected override string BlobType => "BYTEA";
    protected override string NoCase => "COLLATE " + NoCaseCollation;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override DbConnection Open() => _source.OpenConnection();

    /// <summary>
    /// pg_advisory_xact_lock rather than the session-level pg_advisory_lock: connections are pooled, so a session
    /// lock left unreleased (an exception between lock and unlock) would stay held by an idle pooled connection
    /// and stall every other node's start. The transaction's lock ends with its commit or rollback, or with the
    /// connection of a node that died half-way. DDL is transactional in PostgreSQL: a migration is all or nothing.
    /// </summary>
    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction)
    {
        await LockAsync(connection, transaction, MigrationLockKey);
        await using var collation = connection.Command($"""
            CREATE COLLATION IF NOT EXISTS {NoCaseCollation} (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
            """, transaction);
        await collation.ExecuteNonQueryAsync();
    }

    /// <summary>Waits for the transaction-scoped advisory lock <paramref name="key"/>; it is let go when the transaction ends.</summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction transaction, long key)
    {
        await using var wait = connection.Command("SELECT pg_advisory_xact_lock(@key);", transaction, ("@key", key));
        await wait.ExecuteNonQueryAsync();
    }

    public override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsForeignKeyViolation(DbException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    /// <summary>
    /// Sessions ended by the server (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now),
    /// connection exceptions (class 08), and I/O failures below PostgreSQL's own errors; not timeouts, where
    /// a second try would only wait as long again.
    /// </summary>
    public override bool IsBrokenConnection(DbException e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("57P0", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.InnerException is not TimeoutException,
        _ => false,
    };

    public override void Dispose() => _source.Dispose();
}

using System.Data.Common;

namespace Scout.Web.Accounts.Storage;

/// <summary>Which database engine holds the node's data (Scout:Database:Provider).</summary>
public enum DatabaseProvider
{
    /// <summary>One file on the node's disk; nothing to install (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every node of a cluster.</summary>
    PostgreSql,
}

/// <summary>
/// Everything that differs between the providers, and nothing else: how a connection is opened and set up,
/// the few type names and the case-insensitive collation of the schema, how a constraint violation and a
/// dead connection are recognised, and how concurrent migrations are kept apart. Every statement of the
/// stores is written once, in the SQL both engines share (named <c>@parameters</c>, <c>ON CONFLICT ... DO</c>,
/// <c>RETURNING</c>).
/// </summary>
public abstract class SqlDialect : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Where the data is, for log lines and errors (a file path or host/database; never a password).</summary>
    public abstract string Name { get; }

    /// <summary>An opened connection with the per-connection settings applied.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>The same, synchronously (for ASP.NET Core Data Protection's synchronous key repository).</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Replaces the schema's tokens: <c>{int}</c> (64-bit integer), <c>{real}</c> (64-bit float),
    /// <c>{blob}</c> (bytes) and <c>{nocase}</c> (case-insensitive comparison and uniqueness of a text column).
    /// </summary>
    public string Schema(string sql) => sql
        .Replace("{int}", IntegerType).Replace("{real}", RealType).Replace("{blob}", BlobType).Replace("{nocase}", NoCase);

    protected abstract string IntegerType { get; }
    protected abstract string RealType { get; }
    protected abstract string BlobType { get; }
    protected abstract string NoCase { get; }

    /// <summary>Runs before the migration transaction begins (settings that cannot change inside one).</summary>
    public virtual Task BeforeMigrationAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>
    /// Runs first inside the migration transaction: waits until no other process migrates this database, and
    /// prepares what the schema's tokens need. The wait ends with the transaction.
    /// </summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction);

    public abstract bool IsUniqueViolation(DbException e);

    public abstract bool IsForeignKeyViolation(DbException e);

    /// <summary>
    /// The connection itself was dead (its session ended while it sat in the pool, or the server went away
    /// mid-call): the work did not commit, and a fresh connection may well succeed.
    /// </summary>
    public abstract bool IsBrokenConnection(DbException e);

    /// <summary>Lets go of pooled connections.</summary>
    public abstract void Dispose();
}

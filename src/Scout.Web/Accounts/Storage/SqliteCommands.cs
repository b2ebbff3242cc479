using Microsoft.Data.Sqlite;

namespace Scout.Web.Accounts.Storage;

/// <summary>Builds parameterised commands; values are never spliced into SQL text.</summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(
        this SqliteConnection connection, string sql, SqliteTransaction? transaction = null,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    // SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_FOREIGNKEY (extended result codes).
    public static bool IsUniqueViolation(this SqliteException e) => e.SqliteExtendedErrorCode == 2067;

    public static bool IsForeignKeyViolation(this SqliteException e) => e.SqliteExtendedErrorCode == 787;
}

using System.Data.Common;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// Builds parameterised commands; values are never spliced into SQL text. Parameters are named
/// <c>@name</c>, which SQLite and PostgreSQL (Npgsql) both read.
/// </summary>
public static class DbCommands
{
    public static DbCommand Command(
        this DbConnection connection, string sql, DbTransaction? transaction = null,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Add(name, value);
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A parameter of a fixed type, for commands run many times with values that are sometimes null.</summary>
    public static DbParameter Add(this DbCommand command, string name, System.Data.DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

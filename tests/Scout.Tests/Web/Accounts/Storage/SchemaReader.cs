using System.Data.Common;
using Scout.Web.Accounts.Storage;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>One column as the engine itself describes it, with the type reduced to what the stores rely on.</summary>
public sealed record SchemaColumn(string Table, string Column, string Kind, bool Nullable);

/// <summary>Reads a migrated database's tables and columns from the engine's own catalogue.</summary>
public static class SchemaReader
{
    public static async Task<IReadOnlyList<SchemaColumn>> ColumnsAsync(ScoutDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.Command(database.Dialect.Provider == DatabaseProvider.Sqlite
            ? """
              SELECT m.name, p.name, p.type, p."notnull" = 0 AND p.pk = 0
              FROM sqlite_master m JOIN pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%';
              """
            : """
              SELECT table_name, column_name, data_type, is_nullable = 'YES'
              FROM information_schema.columns WHERE table_schema = current_schema();
              """);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<SchemaColumn>();
        while (await reader.ReadAsync())
        {
            columns.Add(new SchemaColumn(reader.GetString(0), reader.GetString(1), Kind(reader.GetString(2)),
                Convert.ToBoolean(reader.GetValue(3))));
        }
        return columns.OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
    }

    public static async Task<IReadOnlyList<string>> TablesAsync(ScoutDatabase database) =>
        (await ColumnsAsync(database)).Select(c => c.Table).Distinct().ToList();

    private static string Kind(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" => "integer",
        "REAL" or "DOUBLE PRECISION" => "real",
        "TEXT" => "text",
        "BLOB" or "BYTEA" => "bytes",
        _ => "other: " + type,
    };
}

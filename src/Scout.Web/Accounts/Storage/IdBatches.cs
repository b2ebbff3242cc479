namespace Scout.Web.Accounts.Storage;

/// <summary>"Which of these ids ..." queries, asked in batches that stay far below SQLite's and PostgreSQL's parameter limits.</summary>
internal static class IdBatches
{
    private const int BatchSize = 500;

    /// <summary>Runs <paramref name="sqlWithIds"/> (its <c>{ids}</c> replaced by a parameter list) over every
    /// batch of <paramref name="ids"/> and returns the first column of every row.</summary>
    public static async Task<IReadOnlyList<string>> SelectAsync(
        ScoutDatabase database, string sqlWithIds, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new List<string>();
        if (ids.Count == 0)
            return found;
        return await database.RunAsync<IReadOnlyList<string>>(async connection =>
        {
            foreach (var batch in ids.Chunk(BatchSize))
            {
                var names = batch.Select((_, i) => "@id" + i).ToArray();
                await using var command = connection.Command(sqlWithIds.Replace("{ids}", string.Join(", ", names)));
                for (var i = 0; i < batch.Length; i++)
                    command.Add(names[i], batch[i]);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    found.Add(reader.GetString(0));
            }
            return found;
        }, ct);
    }
}

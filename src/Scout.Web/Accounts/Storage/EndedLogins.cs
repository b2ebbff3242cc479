namespace Scout.Web.Accounts.Storage;

/// <summary>
/// Logins ended by logout. A cookie is self-contained, so clearing it in one browser leaves any copy of it
/// valid until it expires; recording the login's id here (in the database every node shares) lets every
/// node refuse such a copy. Rows are kept only until the cookie would have expired anyway.
/// </summary>
public sealed class EndedLogins(ScoutDatabase database, TimeProvider clock)
{
    public async Task EndAsync(string loginId, DateTimeOffset cookieExpires, CancellationToken ct = default)
    {
        await database.RunAsync(async connection =>
        {
            await using var command = connection.Command("""
                INSERT INTO ended_logins (id, expires) VALUES (@id, @expires) ON CONFLICT (id) DO NOTHING;
                DELETE FROM ended_logins WHERE expires < @now;
                """, null,
                ("@id", loginId), ("@expires", UnixTime.ToMs(cookieExpires)), ("@now", UnixTime.ToMs(clock.GetUtcNow())));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public async Task<bool> IsEndedAsync(string loginId, CancellationToken ct = default)
    {
        return await database.RunAsync<bool>(async connection =>
        {
            await using var command = connection.Command("SELECT 1 FROM ended_logins WHERE id = @id;", null, ("@id", loginId));
            return await command.ExecuteScalarAsync(ct) is not null;
        }, ct);
    }

    /// <summary>Which of these login ids were ended (on any node sharing the database).</summary>
    public Task<IReadOnlyList<string>> EndedAmongAsync(IReadOnlyList<string> loginIds, CancellationToken ct = default) =>
        IdBatches.SelectAsync(database, "SELECT id FROM ended_logins WHERE id IN ({ids});", loginIds, ct);
}

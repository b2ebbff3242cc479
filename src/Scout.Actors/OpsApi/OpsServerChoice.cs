namespace Scout.Actors.OpsApi;

/// <summary>
/// Turns the servers a console argument may mean into the one it does mean, or a refusal that tells the operator
/// what to type instead: a hostname two accounts both use names neither, so the candidates are listed by id.
/// </summary>
public static class OpsServerChoice
{
    /// <summary>The server, or <see cref="OpsProtocol.Refused"/>; <paramref name="inAccount"/> names the account
    /// the lookup was limited to, for the message.</summary>
    public static object Choose(IReadOnlyList<OpsServer> found, string asked, string? inAccount = null) => found.Count switch
    {
        0 => new OpsProtocol.Refused(inAccount is null ? $"unknown server: {asked}" : $"unknown server in {inAccount}: {asked}"),
        1 => found[0],
        _ => new OpsProtocol.Refused($"ambiguous server: {asked} is a hostname in {found.Count} accounts: "
            + string.Join(", ", found.Select(s => $"{s.AccountName}/{s.Hostname} ({s.ServerId})")) + "; give the server id"),
    };
}

namespace Scout.Actors.OpsApi;

/// <summary>
/// The <c>--account NAME</c> of the list commands: every account's name by id (to print), and the one account
/// named (null: all), or the refusal for a name nobody has.
/// </summary>
public sealed record AccountFilter(IReadOnlyDictionary<string, string> NamesById, string? OnlyAccountId)
{
    public static async Task<(AccountFilter? Filter, OpsProtocol.Refused? Refusal)> ResolveAsync(
        IOpsDirectory directory, string? accountName)
    {
        var accounts = await directory.ListAccountsAsync();
        var names = accounts.ToDictionary(a => a.Id, a => a.Name);
        if (accountName is null)
            return (new AccountFilter(names, null), null);
        var id = accounts.FirstOrDefault(a => a.Name == accountName)?.Id;
        return id is null
            ? (null, new OpsProtocol.Refused($"unknown account: {accountName}"))
            : (new AccountFilter(names, id), null);
    }

    public string NameOf(string accountId) => NamesById.GetValueOrDefault(accountId, accountId);
}

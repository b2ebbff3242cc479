namespace Scout.Web.Accounts.Storage;

/// <summary>Timestamps are stored as Unix milliseconds (INTEGER): compact, sortable, no time-zone parsing.</summary>
internal static class UnixTime
{
    public static long ToMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

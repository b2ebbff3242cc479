namespace Scout.Tests.Support;

/// <summary>
/// Retries an assertion until it holds or the time is up, like TestKit's AwaitAssert but for code
/// outside an actor system (HTTP, SignalR clients). Timeouts scale with SCOUT_TEST_TIMEFACTOR.
/// </summary>
public static class Eventually
{
    public static async Task Holds(Func<Task> assertion, TimeSpan? within = null, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + Scaled(within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
            }
        }
    }

    public static Task Holds(Action assertion, TimeSpan? within = null) =>
        Holds(() => { assertion(); return Task.CompletedTask; }, within);

    public static TimeSpan Scaled(TimeSpan t) => t * ScoutTestKit.TimeFactor;
}

using Microsoft.AspNetCore.SignalR;

namespace Scout.Web.Streaming;

/// <summary>
/// Logs hub calls that failed unexpectedly, and only those. A <see cref="HubException"/> is a refusal the
/// hub meant (not allowed, too many calls, report not stored) and was logged there once per connection and
/// reason. SignalR's own dispatcher would log every one of them at error level with a stack trace, so a
/// client in a refusal loop could flood the log; its category is turned down where this filter is added.
/// That also silences the dispatcher's line for the rare failures before a filter runs (a hub that cannot be
/// created, an authorization handler that throws): those still fail the call, and show in the client's error.
/// </summary>
public sealed class HubFailureLogging(ILogger<HubFailureLogging> log) : IHubFilter
{
    /// <summary>The SignalR category that logs each failed invocation.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        // A call cut short because its connection closed (a tab closed) is not a failure worth a line.
        catch (Exception e) when (e is not HubException && !(e is OperationCanceledException && invocation.Context.ConnectionAborted.IsCancellationRequested))
        {
            log.LogError(e, "Hub call {Hub}.{Method} failed", invocation.Hub.GetType().Name, invocation.HubMethodName);
            throw;
        }
    }
}

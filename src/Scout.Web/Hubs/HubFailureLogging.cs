using Microsoft.AspNetCore.SignalR;

namespace Scout.Web.Hubs;

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

    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Every agent sample is a hub call: one that completed at once (nearly all) passes through without an
        // async state machine; only a pending or failed call takes the slow path.
        ValueTask<object?> call;
        try
        {
            call = next(invocation);
        }
        catch (Exception e) when (IsFailure(e, invocation))
        {
            Log(e, invocation);
            throw;
        }
        return call.IsCompletedSuccessfully ? call : AwaitAsync(call, invocation);
    }

    private async ValueTask<object?> AwaitAsync(ValueTask<object?> call, HubInvocationContext invocation)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (IsFailure(e, invocation))
        {
            Log(e, invocation);
            throw;
        }
    }

    // A call cut short because its connection closed (a tab closed) is not a failure worth a line.
    private static bool IsFailure(Exception e, HubInvocationContext invocation) =>
        e is not HubException && !(e is OperationCanceledException && invocation.Context.ConnectionAborted.IsCancellationRequested);

    private void Log(Exception e, HubInvocationContext invocation) =>
        log.LogError(e, "Hub call {Hub}.{Method} failed", invocation.Hub.GetType().Name, invocation.HubMethodName);
}

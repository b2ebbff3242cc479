using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.Observability;
using Scout.Actors.SampleIntake;
using Scout.Web.Auth;
using Scout.Web.BrowserHub;
using Scout.Web.History;
using Scout.Web.Observability;

namespace Scout.Web.Agents;

/// <summary>
/// The agents' hub, authenticated by agent key. On connect it finds or creates the server record for the
/// key's account and the agent's hostname (or refuses it, with a reason: <see cref="AgentAdmission"/>), starts
/// the connection's AgentProxy and greets the agent with its server id. Samples go straight to the proxy, which checks them.
/// </summary>
[Authorize(Policy = ScoutPolicies.Agent)]
public sealed class AgentHub(
    IRequiredActor<AgentConnections> agents, IServerDirectory servers, AgentAdmission admissions, ReportIntake reports,
    AgentKeyConnections keys, ILogger<AgentHub> log) : Hub
{
    /// <summary>SignalR's ceiling for one agent message: twice the 64 KB a sample may have, so an oversized
    /// sample reaches the proxy's check (counted, logged once) instead of closing the connection.
    /// Backfills come in slices of a few samples (docs/agent.md).</summary>
    public const int MaxMessageBytes = 128 * 1024;

    private const string ProxyKey = "proxy";
    private const string ServerKey = "server";

    public override async Task OnConnectedAsync()
    {
        var accountId = Context.User?.AgentAccountId();
        var hostname = Context.GetHttpContext()?.Request.Query[AgentHubMethods.HostnameParameter].ToString() ?? "";
        if (accountId is null)
        {
            // The Agent policy lets no such connection in; should one get here, there is no account to count it against.
            WebInstruments.Refused("agent", "no_account");
            await RefuseAsync("no account", AgentAdmission.PermanentRetry);
            return;
        }
        var admission = await admissions.AdmitAsync(accountId, hostname, Context.ConnectionAborted);
        if (admission.Server is not { } server)
        {
            await RefuseAsync(admission.Refusal!, admission.RetryAfter);
            return;
        }
        AgentProxyProtocol.AgentAttached attached;
        try
        {
            attached = await agents.ActorRef.Ask<AgentProxyProtocol.AgentAttached>(
                new AgentProxyProtocol.AttachAgent(Context.ConnectionId, accountId, server.ServerId, hostname), TimeSpan.FromSeconds(10));
        }
        catch
        {
            // The proxy may exist even though its answer came too late: end it by name.
            agents.ActorRef.Tell(new AgentProxyProtocol.DetachAgent(Context.ConnectionId));
            throw;
        }
        Context.Items[ProxyKey] = attached.Proxy;
        Context.Items[ServerKey] = server.ServerId;
        try
        {
            await Clients.Caller.SendAsync(AgentHubMethods.Welcome, new AgentDirectives.Welcome(server.ServerId, accountId, hostname));
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync when OnConnectedAsync throws: end the proxy here,
            // or it would stay registered as the server's agent for a connection that is gone.
            attached.Proxy.Tell(AgentProxyProtocol.ConnectionEnded.Instance);
            throw;
        }
        // Known by its key from here on (OnDisconnectedAsync runs only after a connect that succeeded), so
        // revoking the key closes this connection (EndedCredentialWatch).
        if (Context.User?.AgentKeyId() is { } keyId)
            keys.Add(keyId, Context);
        log.LogInformation("Agent {Hostname} connected as server {ServerId}", hostname, server.ServerId);
    }

    public void Sample(SampleInput sample)
    {
        if (Proxy() is not { } proxy)
            return;
        if (sample?.Sample is { } read)
        {
            SampleHops.Record(SampleHops.AgentToHub, read.Time);
            proxy.Tell(new AgentProxyProtocol.SampleFromAgent(read));
        }
        else
            proxy.Tell(new AgentProxyProtocol.MalformedFromAgent(sample?.Problem ?? AgentSampleReader.MissingParts, 1));
    }

    /// <summary>Each sample of a backfill is read on its own, so one bad sample costs only itself.</summary>
    public void Backfill(SampleInput[] samples)
    {
        if (Proxy() is not { } proxy)
            return;
        samples ??= [];
        var readable = new List<EncodedSample>(samples.Length);
        string? problem = null;
        var refused = 0;
        foreach (var input in samples)
        {
            if (input?.Sample is { } read)
                readable.Add(read);
            else
            {
                problem ??= input?.Problem ?? AgentSampleReader.MissingParts;
                refused++;
            }
        }
        if (refused > 0)
            proxy.Tell(new AgentProxyProtocol.MalformedFromAgent(problem!, refused));
        proxy.Tell(new AgentProxyProtocol.BackfillFromAgent(readable));
    }

    /// <summary>
    /// A minute report. Answers only after the report is durable (or refused for good); a database failure
    /// becomes an invocation error, so the agent keeps the report and sends it again later.
    /// </summary>
    public async Task<ReportAck> Report(MinuteReport report)
    {
        if (Context.Items[ServerKey] is not string serverId)
        {
            WebInstruments.Refused("agent", "not_registered");
            throw new HubException("not registered as a server yet");
        }
        try
        {
            return await reports.AcceptAsync(serverId, report);
        }
        catch (Exception e) when (e is not HubException)
        {
            log.LogError(e, "Could not store a report of server {ServerId}; the agent keeps it and retries", serverId);
            throw new HubException("report not stored (storage unavailable); keep it and retry");
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        keys.Remove(Context.ConnectionId);
        Proxy()?.Tell(AgentProxyProtocol.ConnectionEnded.Instance);
        if (Context.Items[ServerKey] is string serverId)
        {
            log.LogInformation("Agent of server {ServerId} disconnected", serverId);
            await servers.TouchAsync(serverId, CancellationToken.None);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Tells the agent why, then closes the connection. A reason in SignalR's own close message would need an
    /// exception from OnConnectedAsync, which SignalR logs as an error with a stack trace on every attempt.
    /// The send completes once the message is written to the connection, before the abort closes it.
    /// </summary>
    private async Task RefuseAsync(string reason, TimeSpan retryAfter)
    {
        try
        {
            await Clients.Caller.SendAsync(AgentHubMethods.Refused,
                new AgentDirectives.Refused(reason, (int)Math.Min(int.MaxValue, retryAfter.TotalMilliseconds)), Context.ConnectionAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Gone already: nobody to tell.
        }
        Context.Abort();
    }

    private IActorRef? Proxy() => Context.Items[ProxyKey] as IActorRef;
}

namespace Scout.Actors.Observability;

/// <summary>
/// The hops a live sample takes inside the cluster, each timed where it ends and recorded in
/// <see cref="NodeMeter.SampleHop"/> (<c>scout_sample_hop_seconds{hop=...}</c>), so a change to the pipeline can be
/// judged by the hop it moves. The clock is each node's wall clock in fractions of a millisecond: across machines
/// their skew adds to the hop that crosses them (NTP keeps it well under a millisecond on a LAN).
/// </summary>
public static class SampleHops
{
    /// <summary>The agent's sampling moment to its proxy's handling: the agent's send, the network, the hub's parse,
    /// the proxy's mailbox. The agent's own clock counts here.</summary>
    public const string AgentToProxy = "agent_to_proxy";

    /// <summary>The agent's sampling moment to the hub method's call: the agent's send, the network, the hub's
    /// receive and parse. The rest of <see cref="AgentToProxy"/> is the proxy's mailbox.</summary>
    public const string AgentToHub = "agent_to_hub";

    /// <summary>The hub's read of the sample (which writes its JSON) to the account session's handling, through the proxy
    /// (remoting when the session lives elsewhere).</summary>
    public const string ProxyToSession = "proxy_to_session";

    /// <summary>The session's forwarding to the bridge of the watching connection's node, up to its SignalR write.</summary>
    public const string SessionToBridge = "session_to_bridge";

    /// <summary>Wall-clock now, Unix milliseconds with the fraction kept.</summary>
    public static double NowMs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>Records the hop that started at <paramref name="startedMs"/> (<see cref="NowMs"/> of the sender);
    /// a start of 0 (a sender that stamped nothing) records nothing.</summary>
    public static void Record(string hop, double startedMs)
    {
        if (startedMs <= 0)
            return;
        NodeMeter.SampleHop.Record(Math.Max(NowMs() - startedMs, 0) / 1000.0, new KeyValuePair<string, object?>("hop", hop));
    }
}

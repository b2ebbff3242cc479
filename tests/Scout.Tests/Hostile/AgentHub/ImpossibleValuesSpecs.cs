using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>
/// Samples with figures no machine can have, sent by an attacker's agent whose server is watched: each is a
/// counted drop, logged once per reason with no error or stack trace, never shown to a watcher, and the other
/// account's stream goes on.
/// </summary>
public sealed class ImpossibleValuesSpecs(HostileAgentNode hostile) : IClassFixture<HostileAgentNode>
{
    /// <summary>Sends the bad sample, then a good one: only the bad one is dropped, and its reason logged once.</summary>
    private async Task DroppedWithReason(string hostname, Func<string, object> bad, string reason)
    {
        var (agent, serverId) = await hostile.StreamingAttacker(hostname);
        await using var _ = agent;
        var before = hostile.Logged(reason);

        await agent.SendAsync(AgentHubMethods.Sample, bad(serverId));
        await agent.SendAsync(AgentHubMethods.Sample, HostileAgentNode.Good(serverId));

        await hostile.Counted(serverId, dropped: 1, relayed: 1);
        await hostile.LoggedTimes(reason, before + 1);
        Assert.Equal(HubConnectionState.Connected, agent.State);
        hostile.NoErrorsLogged();
        await hostile.OthersUndisturbed();
    }

    [Fact]
    public Task Negative_memory_of_minus_5e12_is_dropped() =>
        DroppedWithReason("neg-memory", id => HostileAgentNode.Good(id) with { Memory = Samples.At(id, 0).Memory with { Used = -5_000_000_000_000 } },
            SampleBounds.BadMemory);

    [Fact]
    public Task Cpu_of_minus_400_percent_is_dropped() =>
        DroppedWithReason("neg-cpu", id =>
        {
            var good = HostileAgentNode.Good(id);
            return good with { Cpu = good.Cpu with { Total = good.Cpu.Total! with { Busy = -400 } } };
        }, SampleBounds.BadCpu);

    [Fact]
    public Task A_sample_dated_0_is_dropped() =>
        DroppedWithReason("time-zero", id => HostileAgentNode.Good(id) with { Time = 0 }, SampleBounds.TooOld);

    [Fact]
    public Task A_sample_dated_minus_1e15_is_dropped() =>
        DroppedWithReason("time-negative", id => HostileAgentNode.Good(id) with { Time = -1_000_000_000_000_000 }, SampleBounds.TooOld);

    [Fact]
    public Task A_sample_a_day_ahead_of_the_server_is_dropped() =>
        DroppedWithReason("time-future", id => HostileAgentNode.Good(id) with { Time = Samples.Now + 86_400_000 }, "sampling time is in the future");

    /// <summary>1e400 is valid JSON and reads as Infinity: it used to make the proxy throw and log a stack trace per sample.</summary>
    [Fact]
    public Task A_1e400_literal_read_as_Infinity_is_dropped_without_an_error() =>
        DroppedWithReason("inf-literal", id =>
        {
            var json = JsonSerializer.Serialize(HostileAgentNode.Good(id), MetricsJson.Options);
            // A raw JsonElement is written to the wire as it is, literal included.
            return JsonDocument.Parse(json.Replace("\"one\":0.5", "\"one\":1e400")).RootElement.Clone();
        }, SampleBounds.BadLoad);

    [Fact]
    public Task NaN_given_as_a_string_does_not_fit_the_model_and_is_dropped() =>
        DroppedWithReason("nan-string", id =>
        {
            var json = JsonSerializer.Serialize(HostileAgentNode.Good(id), MetricsJson.Options);
            return JsonDocument.Parse(json.Replace("\"one\":0.5", "\"one\":\"NaN\"")).RootElement.Clone();
        }, "malformed: unreadable JSON at $.load.one");

    [Fact]
    public Task A_process_using_more_than_every_core_is_dropped() =>
        DroppedWithReason("proc-cpu", id => HostileAgentNode.Good(id) with { Processes = [new ProcessStats(1, "x", "x", "root", "R", 5000, 1, 1)] },
            SampleBounds.BadProcess);

    [Fact]
    public async Task Fifty_impossible_samples_are_fifty_counted_drops_and_one_log_line()
    {
        var (agent, serverId) = await hostile.StreamingAttacker("many-bad");
        await using var _ = agent;
        var bad = HostileAgentNode.Good(serverId) with { Network = [new NetworkStats("eth0", -1, 0, 0, 0, 0, 0, 0, 0)] };

        for (var i = 0; i < 50; i++)
            await agent.SendAsync(AgentHubMethods.Sample, bad);

        // Relayed none: nothing of it reached a session, so no watcher saw it.
        await hostile.Counted(serverId, dropped: 50, relayed: 0);
        await hostile.LoggedTimes(SampleBounds.BadNetwork, 1);
        hostile.NoErrorsLogged();
        await hostile.OthersUndisturbed();
    }
}

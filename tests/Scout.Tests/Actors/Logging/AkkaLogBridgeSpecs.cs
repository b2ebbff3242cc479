using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Xunit;

namespace Scout.Tests.Actors.Logging;

/// <summary>Akka's log events through the node's bridge into Microsoft.Extensions.Logging, at the level an operator
/// should see them.</summary>
public sealed class AkkaLogBridgeSpecs : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new(Microsoft.Extensions.Logging.LogLevel.Information);
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        var config = ConfigurationFactory.ParseString("akka.loggers = [\"Scout.Actors.Logging.AkkaLogBridge, Scout.Actors\"]");
        var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information));
        _system = ActorSystem.Create("bridge-spec", ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), new LoggerFactorySetup(factory)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task A_consoles_failed_association_is_information_and_a_nodes_stays_a_warning()
    {
        _system.EventStream.Publish(new Warning("akka://scout/system/endpointManager/reliableEndpointWriter-x", typeof(AkkaLogBridgeSpecs),
            "Association with remote system akka.tcp://scout-ops@127.0.0.1:34397 has failed; address is now gated for 5000 ms."));
        _system.EventStream.Publish(new Error(new InvalidOperationException("Disassociated"),
            "akka://scout/system/endpointManager/reliableEndpointWriter-akka.tcp%3A%2F%2Fscout-ops%40127.0.0.1%3A39767-3/endpointWriter",
            typeof(AkkaLogBridgeSpecs), "Disassociated"));
        _system.EventStream.Publish(new Warning("akka://scout/system/endpointManager/reliableEndpointWriter-y", typeof(AkkaLogBridgeSpecs),
            "Association with remote system akka.tcp://scout@10.0.0.2:4053 has failed; address is now gated for 5000 ms."));

        await Eventually.Holds(() => Assert.Equal(3, _logs.Entries.Count(e => e.Category == typeof(AkkaLogBridgeSpecs).FullName)), TimeSpan.FromSeconds(5));
        var levels = _logs.Entries.Where(e => e.Category == typeof(AkkaLogBridgeSpecs).FullName).ToDictionary(e => e.Message, e => e.Level);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, levels.Single(kv => kv.Key.Contains("scout-ops@")).Value);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, levels["Disassociated"]);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, levels.Single(kv => kv.Key.Contains("scout@10.0.0.2")).Value);
    }
}

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Actor;
using Scout.Ops;
using Scout.Ops.Connection;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Ops;

/// <summary>The address the console gives nodes for reaching it (top's samples come straight there).</summary>
public sealed class ConsoleHostSpecs
{
    [Fact]
    public void A_node_on_this_machine_reaches_the_console_on_loopback()
    {
        Assert.Equal("127.0.0.1", ConsoleHost.RoutingTo("127.0.0.1:4053"));
        Assert.Equal("127.0.0.1", ConsoleHost.RoutingTo("localhost:4053"));
    }

    [Fact]
    public void A_node_elsewhere_reaches_the_console_on_the_address_the_route_to_it_leaves_from()
    {
        // This machine's own non-loopback address routes through its interface, as a remote node's would.
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (own is null)
            return; // no network interface besides loopback: nothing but loopback to route to

        Assert.Equal(own.ToString(), ConsoleHost.RoutingTo($"{own}:4053"));
    }

    [Fact]
    public async Task The_host_given_with_host_is_the_one_the_console_advertises()
    {
        // Listening on every interface needs TLS (RemoteTlsRefusalSpecs).
        using var certs = new TestCertificates();
        await using var connection = OpsConnection.Open(["127.0.0.1:1"], host: "ops-console.example", tls: certs.Settings(certs.Operator));

        Assert.Equal("ops-console.example", ((ExtendedActorSystem)connection.System).Provider.DefaultAddress.Host);
    }

    [Fact]
    public void Host_takes_a_host_without_a_port()
    {
        Assert.Equal("10.1.2.3", OpsCommandLine.SplitOptions(["--host", "10.1.2.3", "cluster", "show"]).Host);
        Assert.Throws<UsageException>(() => OpsCommandLine.SplitOptions(["--host", "10.1.2.3:4053", "cluster", "show"]));
        Assert.Throws<UsageException>(() => OpsCommandLine.SplitOptions(["--host"]));
    }
}

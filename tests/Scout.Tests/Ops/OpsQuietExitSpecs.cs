using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Scout.Ops;
using Scout.Tests.Support;
using Scout.Tests.Web;
using Scout.Tests.Web.BrowserHub;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Ops;

public sealed class OpsQuietExitSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InfoNode _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Probe()
    {
        _node.Start();
        for (var i = 0; i < 3; i++)
        {
            using var ops = OpsProcess.Start("--node", _node.RemotingAddress(), "cluster", "show");
            Assert.Equal(ExitCodes.Done, await ops.Exit(TimeSpan.FromSeconds(30)));
            output.WriteLine(ops.Output);
        }
        await Task.Delay(8000);
        foreach (var e in _node.AllLogs.Entries.Where(e => e.Message.Contains("scout-ops") || e.Level >= LogLevel.Warning))
            output.WriteLine($"LOG {e.Level} {e.Category}: {e.Message}");
    }

    private sealed class InfoNode() : ScoutNodeFactory(RealtimeNode.Settings())
    {
        public CapturedLogs AllLogs { get; } = new(LogLevel.Debug);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(AllLogs).SetMinimumLevel(LogLevel.Debug));
        }
    }
}

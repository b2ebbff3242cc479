using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Scout.Actors.AgentWire;
using Scout.Agent.Hosting;
using Scout.Agent.Metrics;
using Scout.Tests.Support;
using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Seeding;
using Scout.Web.Accounts.Storage;
using Scout.Web.BrowserHub;
using Xunit;

namespace Scout.Tests.Web.BrowserHub;

/// <summary>
/// Helpers for end-to-end tests on a real node: logged-in SignalR browsers, real agents (the agent
/// process's own code, reading this machine's /proc), and agent keys for any account.
/// </summary>
public static class RealtimeNode
{
    /// <summary>
    /// Settings every realtime end-to-end node runs with. Not <c>serialize-messages</c>: Akka's own cluster
    /// internals send local-only messages that have no serializer; our messages are checked with it in the
    /// actor specs, and across real remoting (strict serialization) in the two-node spec.
    /// </summary>
    private const string Hocon = "scout.session.grace-period = 1s";

    /// <summary>
    /// For specs where the operator downs a silent member: the split-brain resolver would do it ~5 s after it
    /// stops answering (hocon/server.hocon), so here it waits longer than any spec runs.
    /// </summary>
    public static readonly (string Key, string? Value) OperatorDowns =
        ("Scout:Akka:Hocon", Hocon + "\nakka.cluster.split-brain-resolver.stable-after = 5m");

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scout:Akka:Hocon"] = Hocon,
            ["Scout:Credentials:CheckEvery"] = "00:00:01",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    public static async Task<string> DemoAccountId(this ScoutNodeFactory node)
    {
        node.Start();
        var account = await node.Service<AccountStore>().FindAccountByNameAsync("Demo");
        return account!.Id;
    }

    public static async Task<string> NewAgentKey(this ScoutNodeFactory node, string accountId) =>
        (await node.Service<AgentKeyStore>().CreateAsync(accountId, "test agent")).Key;

    /// <summary>Signs up a new user with a new account; returns the account id.</summary>
    public static async Task<string> SignUp(this ScoutNodeFactory node, string email, string password, string account)
    {
        using var http = node.CreatePortClient();
        var response = await http.PostAsJsonAsync("/api/signup", new { email, password, account });
        Assert.True(response.IsSuccessStatusCode, $"signup answered {(int)response.StatusCode}");
        return (await node.Service<AccountStore>().FindAccountByNameAsync(account))!.Id;
    }

    /// <summary>
    /// A hand-made agent connection (no agent code behind it, so a test controls exactly what it sends),
    /// started and welcomed: the server id is the one the node gave it.
    /// </summary>
    public static async Task<(HubConnection Hub, string ServerId)> HandMadeAgent(this ScoutNodeFactory node, string key, string hostname)
    {
        var welcomed = new TaskCompletionSource<AgentDirectives.Welcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Address, $"{AgentHubMethods.Path}?{AgentHubMethods.HostnameParameter}={Uri.EscapeDataString(hostname)}"),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        hub.On<AgentDirectives.Welcome>(AgentHubMethods.Welcome, w => welcomed.TrySetResult(w));
        try
        {
            await hub.StartAsync();
            return (hub, (await welcomed.Task.WaitAsync(Eventually.Scaled(TimeSpan.FromSeconds(10)))).ServerId);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the real agent against the node, reading this machine unless given another <paramref name="source"/>; dispose it to stop.</summary>
    public static Task<AgentHost> StartAgent(this ScoutNodeFactory node, string key, string hostname, IMetricsSource? source = null) =>
        AgentHost.StartAsync(new AgentOptions { Servers = [node.Address], Key = key, Hostname = hostname }, source ?? new ProcMetricsSource());

    /// <summary>Waits until the node lists the agent's server as online and returns its id.</summary>
    public static async Task<string> OnlineServerId(this ScoutNodeFactory node, string accountId, string hostname)
    {
        string? serverId = null;
        await Eventually.Holds(async () =>
        {
            var server = (await node.Service<ServerStore>().ListForUserAsync(await OwnerOf(node, accountId)))
                .Single(s => s.Server.Hostname == hostname && s.Server.AccountId == accountId);
            var online = await node.Service<Scout.Web.Accounts.Presence.IServerPresence>().OnlineServersAsync(accountId, CancellationToken.None);
            Assert.Contains(server.Server.Id, online);
            serverId = server.Server.Id;
        }, TimeSpan.FromSeconds(15));
        return serverId!;
    }

    private static async Task<string> OwnerOf(ScoutNodeFactory node, string accountId)
    {
        await using var connection = await node.Service<ScoutDatabase>().OpenAsync();
        await using var command = connection.Command(
            "SELECT user_id FROM memberships WHERE account_id = @a AND role = 'owner' LIMIT 1;", null, ("@a", accountId));
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A browser: logs in over HTTP, then opens the metrics hub with the cookie.</summary>
    public static Task<Browser> Browser(this ScoutNodeFactory node, string email, string password) =>
        node.Browser(email, password, new CookieContainer());

    /// <summary>A browser whose login cookie lands in <paramref name="cookies"/>, so a test can act as the same login.</summary>
    public static async Task<Browser> Browser(this ScoutNodeFactory node, string email, string password, CookieContainer cookies)
    {
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = node.Address })
        {
            var login = await http.PostAsJsonAsync("/api/login", new { email, password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Address, MetricsHub.Path), o => o.Cookies = cookies)
            .Build();
        var browser = new Browser(hub);
        await hub.StartAsync();
        return browser;
    }
}

/// <summary>A SignalR client standing in for a browser tab; collects what the server pushes.</summary>
public sealed class Browser : IAsyncDisposable
{
    public Browser(HubConnection hub)
    {
        Hub = hub;
        hub.On<MetricsSample>(MetricsHub.ClientMethods.Sample, s => Samples.Writer.TryWrite(s));
        hub.On<string, string>(MetricsHub.ClientMethods.SessionEnded, (server, reason) => Events.Writer.TryWrite($"ended:{server}:{reason}"));
        hub.On<string>(MetricsHub.ClientMethods.ServerOffline, server => Events.Writer.TryWrite($"offline:{server}"));
        hub.On<string>(MetricsHub.ClientMethods.ServerOnline, server => Events.Writer.TryWrite($"online:{server}"));
        hub.On<string, long?>(MetricsHub.ClientMethods.ServerStalled, (server, last) => Events.Writer.TryWrite($"stalled:{server}:{last}"));
        hub.On<string>(MetricsHub.ClientMethods.ServerResumed, server => Events.Writer.TryWrite($"resumed:{server}"));
    }

    public HubConnection Hub { get; }

    public Channel<MetricsSample> Samples { get; } = Channel.CreateUnbounded<MetricsSample>();

    public Channel<string> Events { get; } = Channel.CreateUnbounded<string>();

    public Task<RealtimeStarted> StartRealtime(string serverId) => Hub.InvokeAsync<RealtimeStarted>("StartRealtime", serverId);

    public Task StopRealtime(string serverId) => Hub.InvokeAsync("StopRealtime", serverId);

    /// <summary>The next <paramref name="count"/> samples, or a timeout failure.</summary>
    public async Task<List<MetricsSample>> NextSamples(int count, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(Eventually.Scaled(within));
        var samples = new List<MetricsSample>();
        while (samples.Count < count)
            samples.Add(await Samples.Reader.ReadAsync(cts.Token));
        return samples;
    }

    /// <summary>The next event (<c>offline:ID</c>, <c>online:ID</c>, <c>stalled:ID:LASTTIME</c>, <c>resumed:ID</c>,
    /// <c>ended:ID:REASON</c>), or a timeout failure.</summary>
    public async Task<string> NextEvent(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(Eventually.Scaled(within));
        return await Events.Reader.ReadAsync(cts.Token);
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Scout.Actors.AgentWire;
using Scout.Tests.Support;

namespace Scout.Tests.Hostile.AgentHub;

/// <summary>
/// An agent connection spoken by hand over a WebSocket (SignalR's JSON protocol, records ending in 0x1E), so a
/// test can send bytes no SignalR client would write: JSON nested beyond any reader's depth, broken surrogates.
/// </summary>
public sealed class RawAgentSocket : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _received = new();

    private RawAgentSocket(ClientWebSocket socket, string serverId)
    {
        _socket = socket;
        ServerId = serverId;
    }

    public string ServerId { get; }

    /// <summary>Connects straight over WebSockets (no negotiate), shakes hands and waits for the Welcome.</summary>
    public static async Task<RawAgentSocket> Connect(Uri node, string key, string hostname)
    {
        var socket = new ClientWebSocket();
        var address = new UriBuilder(node)
        {
            Scheme = "ws",
            Path = AgentHubMethods.Path,
            Query = $"{AgentHubMethods.HostnameParameter}={Uri.EscapeDataString(hostname)}&access_token={Uri.EscapeDataString(key)}",
        }.Uri;
        using var timeout = new CancellationTokenSource(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        await socket.ConnectAsync(address, timeout.Token);
        var raw = new RawAgentSocket(socket, "");
        await raw.SendText("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        while (true)
        {
            var record = await raw.NextRecord(timeout.Token);
            using var message = JsonDocument.Parse(record);
            if (message.RootElement.TryGetProperty("target", out var target) && target.GetString() == AgentHubMethods.Welcome)
                return new RawAgentSocket(socket, message.RootElement.GetProperty("arguments")[0].GetProperty("serverId").GetString()!);
        }
    }

    /// <summary>A one-way call with its single argument written exactly as given.</summary>
    public Task Send(string method, string rawArgument) =>
        SendText($"{{\"type\":1,\"target\":\"{method}\",\"arguments\":[{rawArgument}]}}{RecordSeparator}");

    public WebSocketState State => _socket.State;

    /// <summary>Reads until the node closes the connection; the error of its close message, if it sent one.</summary>
    public async Task<string?> ClosedBy()
    {
        using var timeout = new CancellationTokenSource(Eventually.Scaled(TimeSpan.FromSeconds(10)));
        string? error = null;
        try
        {
            while (true)
            {
                using var message = JsonDocument.Parse(await NextRecord(timeout.Token));
                if (message.RootElement.GetProperty("type").GetInt32() == 7 && message.RootElement.TryGetProperty("error", out var e))
                    error = e.GetString();
            }
        }
        catch (WebSocketException)
        {
            return error;
        }
    }

    private Task SendText(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<string> NextRecord(CancellationToken ct)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                _received.Remove(0, end + 1);
                return text[..end];
            }
            var read = await _socket.ReceiveAsync(buffer, ct);
            if (read.MessageType == WebSocketMessageType.Close)
                throw new WebSocketException("closed by the node");
            _received.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }
}

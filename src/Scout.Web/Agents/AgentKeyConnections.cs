using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Scout.Web.Agents;

/// <summary>
/// The agent connections on this node by the key they authenticated with, so a revoked key's live
/// connections can be closed (a revoked key must stop reporting now, not at its next reconnect).
/// </summary>
public sealed class AgentKeyConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byKey = new();

    public void Add(string keyId, HubCallerContext connection) =>
        _byKey.GetOrAdd(keyId, _ => new())[connection.ConnectionId] = connection;

    public void Remove(string keyId, string connectionId)
    {
        if (_byKey.TryGetValue(keyId, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
            _byKey.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>(keyId, connections));
    }

    /// <summary>Aborts every connection of the key; returns how many there were.</summary>
    public int Close(string keyId)
    {
        if (!_byKey.TryRemove(keyId, out var connections))
            return 0;
        foreach (var connection in connections.Values)
            connection.Abort();
        return connections.Count;
    }
}

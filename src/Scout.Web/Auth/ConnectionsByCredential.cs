using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Scout.Web.Auth;

/// <summary>
/// The hub connections on this node by the credential they were opened with (an agent key, a browser
/// login), so connections of a credential that was revoked or logged out can be closed: a connection is
/// authenticated once, when it opens, and would otherwise outlive its credential.
/// </summary>
public abstract class ConnectionsByCredential
{
    // One flat map, connection -> credential: no per-credential set that an add could race with its removal.
    private readonly ConcurrentDictionary<string, (string Credential, HubCallerContext Connection)> _connections = new();

    public void Add(string credential, HubCallerContext connection) =>
        _connections[connection.ConnectionId] = (credential, connection);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The credentials that have a connection here now.</summary>
    public IReadOnlyList<string> Credentials() => [.. _connections.Values.Select(v => v.Credential).Distinct()];

    /// <summary>Aborts every connection opened with the credential; returns how many there were.</summary>
    public int Close(string credential)
    {
        var closed = 0;
        foreach (var (connectionId, entry) in _connections)
        {
            if (entry.Credential == credential && _connections.TryRemove(connectionId, out _))
            {
                entry.Connection.Abort();
                closed++;
            }
        }
        return closed;
    }
}

/// <summary>Agent hub connections by agent key id.</summary>
public sealed class AgentKeyConnections : ConnectionsByCredential;

/// <summary>Browser hub connections by login id (<see cref="ScoutClaims.LoginId"/>).</summary>
public sealed class LoginConnections : ConnectionsByCredential;

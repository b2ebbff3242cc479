using Akka.Actor;
using Scout.Actors.Remoting;

namespace Scout.Web.Cluster;

/// <summary>Where this node listens for other nodes and whom it joins; bound from <c>Scout:Cluster</c>.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Scout:Cluster";

    /// <summary>The actor system's name: every node and the ops console must use the same one.</summary>
    public const string SystemName = "scout";

    /// <summary>Address other nodes and the ops console reach this node at (Akka.Remote).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 4053;

    /// <summary>
    /// Seed nodes as <c>akka.tcp://scout@host:port</c> (<c>akka.ssl.tcp://</c> with TLS), the same list on every node;
    /// empty: this node joins itself (a one-node cluster). See <see cref="Validate"/> for why a list of one is refused.
    /// </summary>
    public string[] Seeds { get; set; } = [];

    /// <summary>Akka.Remote's mutual TLS (<c>Scout:Cluster:Tls</c>); required unless <see cref="Hostname"/> is loopback.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>The address scheme of this node and of every seed: <c>akka.ssl.tcp</c> with TLS, else <c>akka.tcp</c>.</summary>
    public string Protocol => RemoteTls.Protocol(Tls.Enabled);

    /// <summary>
    /// Refuses seed lists that would let the cluster split. A node that is first in its seed list and finds no
    /// other seed answering forms a new cluster of its own: with a list that names only this node, that happens
    /// every time it restarts while the others run. So the list must name another node too (best: every node,
    /// the same list on each), and each entry must be an address of this system, in this node's scheme (a node with TLS
    /// cannot reach a plain seed, nor the other way round).
    /// Remoting itself must have TLS unless it binds a loopback address (<see cref="RemoteTls.PlainTcpProblem"/>).
    /// </summary>
    /// <returns>The problem in words an operator can act on, or null when the settings are sound.</returns>
    public string? Validate() => ValidateSeeds() ?? RemoteTls.PlainTcpProblem(Hostname, Tls, $"{Section}:Hostname",
        $"{TlsSettings.Section}:CertificatePath (with CertificatePassword, or KeyPath for PEM) and {TlsSettings.Section}:CaPath",
        "anyone who reaches it could join the cluster and run ops commands");

    private string? ValidateSeeds()
    {
        if (Seeds.Length == 0)
            return null;
        var others = 0;
        foreach (var seed in Seeds)
        {
            if (!TryParse(seed, out var address))
                return $"Scout:Cluster:Seeds has '{seed}', which is not an address like {Protocol}://{SystemName}@host:port";
            if (address.Protocol != Protocol)
                return $"Scout:Cluster:Seeds has '{seed}', but this node's remoting is {Protocol} " +
                       (Tls.Enabled ? "(Scout:Cluster:Tls is set): write the seeds as akka.ssl.tcp://" : "(no TLS): write the seeds as akka.tcp://");
            if (address.System != SystemName)
                return $"Scout:Cluster:Seeds has '{seed}' of actor system '{address.System}'; every node's system is '{SystemName}'";
            if (!IsThisNode(address))
                others++;
        }
        if (others == 0)
            return $"Scout:Cluster:Seeds names only this node ({Seeds[0]}): when it restarts while the others run it finds no " +
                   "other seed and forms a second cluster. List every node of the cluster, the same list on each, or none for a single node";
        return null;
    }

    private bool IsThisNode(Address address) =>
        address.Port == Port && string.Equals(address.Host, Hostname, StringComparison.OrdinalIgnoreCase);

    private static bool TryParse(string text, out Address address)
    {
        try
        {
            address = Address.Parse(text);
            return address.Host is not null && address.Port is > 0;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            address = Address.AllSystems;
            return false;
        }
    }
}

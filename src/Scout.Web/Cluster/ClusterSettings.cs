namespace Scout.Web.Cluster;

/// <summary>Where this node listens for other nodes and whom it joins; bound from <c>Scout:Cluster</c>.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Scout:Cluster";

    /// <summary>Address other nodes and the ops console reach this node at (Akka.Remote).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 4053;

    /// <summary>Seed nodes as <c>akka.tcp://scout@host:port</c>; empty: this node joins itself (a one-node cluster).</summary>
    public string[] Seeds { get; set; } = [];
}

using Akka.Cluster.Sharding;

namespace Scout.Actors.AccountSessions;

/// <summary>Routes every <see cref="IWithAccountId"/> message to the session of its account.</summary>
public sealed class SessionMessageExtractor(int maxShards = SessionMessageExtractor.DefaultShards) : HashCodeMessageExtractor(maxShards)
{
    /// <summary>Ten times the largest cluster we plan for, as the sharding docs advise.</summary>
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => (message as IWithAccountId)?.AccountId;
}

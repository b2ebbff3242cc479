namespace Scout.Actors;

/// <summary>
/// Marks every message of ours that may cross the wire. The HOCON binds this interface to
/// ScoutSerializer (Serialization/); with strict serialization on, a message without it
/// cannot leave the node (and fails the tests, which run with serialize-messages = on).
/// </summary>
public interface IScoutMessage;

/// <summary>Messages addressed to one account's session; the account id is the sharding entity id.</summary>
public interface IWithAccountId : IScoutMessage
{
    string AccountId { get; }
}

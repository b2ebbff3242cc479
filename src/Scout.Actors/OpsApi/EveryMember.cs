using Akka.Actor;
using Akka.Cluster;

namespace Scout.Actors.OpsApi;

/// <summary>
/// Asks the same actor on every Up member at once (agents and sessions live on the node that holds them) and
/// keeps going without the members that do not answer in time: their answer is null, so a list can name them.
/// </summary>
public static class EveryMember
{
    public static async Task<IReadOnlyList<(Address Member, T? Answer)>> AskAsync<T>(
        ActorSystem system, string actorName, object message, TimeSpan timeout) where T : class
    {
        var members = Cluster.Get(system).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address);
        return await Task.WhenAll(members.Select(async address =>
        {
            try
            {
                var actor = system.ActorSelection(new RootActorPath(address) / "user" / actorName);
                return (address, (T?)await actor.Ask<T>(message, timeout));
            }
            catch (Exception)
            {
                return (address, null);
            }
        }));
    }
}

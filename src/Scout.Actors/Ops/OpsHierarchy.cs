using System.Text;
using Akka.Actor;

namespace Scout.Actors.Ops;

/// <summary>The node's actor tree as indented lines, read from the live children of each local actor.</summary>
public static class OpsHierarchy
{
    public static object Walk(ExtendedActorSystem system, string path, int depth)
    {
        IInternalActorRef start = system.Provider.RootGuardian;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var child = Children(start).FirstOrDefault(c => c.Path.Name == name);
            if (child is null)
                return new OpsProtocol.Refused($"no actor at {path}");
            start = child;
        }
        var lines = new List<string>();
        Add(start, 0, Math.Max(0, depth), lines);
        return new OpsProtocol.Hierarchy(lines);
    }

    private static void Add(IInternalActorRef actor, int level, int depth, List<string> lines)
    {
        var line = new StringBuilder().Append(' ', level * 2).Append(level == 0 ? actor.Path.ToStringWithoutAddress() : actor.Path.Name);
        lines.Add(line.ToString());
        if (level >= depth)
            return;
        foreach (var child in Children(actor).OrderBy(c => c.Path.Name, StringComparer.Ordinal))
            Add(child, level + 1, depth, lines);
    }

    private static IEnumerable<IInternalActorRef> Children(IInternalActorRef actor) =>
        actor is ActorRefWithCell withCell ? withCell.Children.OfType<IInternalActorRef>().ToList() : [];
}

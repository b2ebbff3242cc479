using System.Text;
using Akka.Actor;

namespace Scout.Actors.OpsApi;

/// <summary>The node's actor tree, read from the live children of each local actor: as indented lines and as nodes.</summary>
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
        var root = Node(start, 0, Math.Max(0, depth));
        var lines = new List<string>();
        AddLines(root, 0, lines);
        return new OpsProtocol.Hierarchy(lines, root);
    }

    private static OpsProtocol.ActorNode Node(IInternalActorRef actor, int level, int depth)
    {
        var path = actor.Path.ToStringWithoutAddress();
        var children = level >= depth
            ? []
            : Children(actor).OrderBy(c => c.Path.Name, StringComparer.Ordinal).Select(c => Node(c, level + 1, depth)).ToList();
        return new OpsProtocol.ActorNode(path == "/" ? "/" : actor.Path.Name, path, children);
    }

    private static void AddLines(OpsProtocol.ActorNode node, int level, List<string> lines)
    {
        // The top line is the full path asked for; below it, each actor's name indented by its level.
        lines.Add(new StringBuilder().Append(' ', level * 2).Append(level == 0 ? node.Path : node.Name).ToString());
        foreach (var child in node.Children)
            AddLines(child, level + 1, lines);
    }

    private static IEnumerable<IInternalActorRef> Children(IInternalActorRef actor) =>
        actor is ActorRefWithCell withCell ? withCell.Children.OfType<IInternalActorRef>().ToList() : [];
}

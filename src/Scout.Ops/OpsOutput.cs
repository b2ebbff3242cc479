using System.Globalization;
using System.Text.Json;
using Scout.Actors.OpsApi;

namespace Scout.Ops;

/// <summary>Prints a node's reply as a table (people) or JSON (scripts) and says which exit code it means.</summary>
public static class OpsOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Write(object reply, bool json, OpsIo io)
    {
        switch (reply)
        {
            case OpsProtocol.Refused r:
                io.Error.WriteLine("refused: " + r.Reason);
                return ExitCodes.Refused;
            case OpsProtocol.Failed f:
                // The node could not do it (a store failed): refused, with the node's reason.
                io.Error.WriteLine("refused: node error: " + f.Reason);
                return ExitCodes.Refused;
            case OpsProtocol.Unanswered u:
                io.Error.WriteLine("cluster unreachable: the node asked got no answer from the cluster: " + u.Reason);
                return ExitCodes.Unreachable;
            case OpsProtocol.Done d:
                io.Out.WriteLine(d.Message);
                return ExitCodes.Done;
            case OpsProtocol.KeyCreated k:
                io.Out.WriteLine($"key {k.KeyId} for {k.Account} (shown once; give it to the agent):");
                io.Out.WriteLine(k.Key);
                return ExitCodes.Done;
        }
        if (json)
        {
            io.Out.WriteLine(reply switch
            {
                OpsProtocol.ClusterReport c => JsonSerializer.Serialize(c, Json),
                OpsProtocol.AgentsList a => JsonSerializer.Serialize(a, Json),
                OpsProtocol.StreamsList s => JsonSerializer.Serialize(s, Json),
                OpsProtocol.AccountsList a => JsonSerializer.Serialize(a.Accounts, Json),
                // The tree, for scripts; a node older than the tree sends only its lines.
                OpsProtocol.Hierarchy h => h.Root is { } root ? JsonSerializer.Serialize(root, Json) : JsonSerializer.Serialize(h.Lines, Json),
                _ => JsonSerializer.Serialize(reply, reply.GetType(), Json),
            });
            return ExitCodes.Done;
        }
        switch (reply)
        {
            case OpsProtocol.ClusterReport c:
                Table(io.Out, ["ADDRESS", "ROLES", "STATUS", "REACHABLE", "LEADER"],
                    c.Members.Select(m => new[] { m.Address, m.Roles.Count == 0 ? "-" : string.Join(',', m.Roles), m.Status,
                        m.Reachable ? "yes" : "NO", m.Leader ? "*" : "" }));
                io.Out.WriteLine($"{c.Members.Count} member(s), leader {c.Leader ?? "none"}, asked {c.Self}");
                break;
            case OpsProtocol.AgentsList a:
                Table(io.Out, ["SERVER", "HOSTNAME", "ACCOUNT", "NODE", "CONNECTED", "STREAMING", "RELAYED", "DROPPED"],
                    a.Agents.Select(r => new[]
                    {
                        r.ServerId, r.Hostname, r.Account, r.Node, Time(r.ConnectedAt), r.Streaming ? "yes" : "no",
                        Count(r.SamplesRelayed), Count(r.SamplesDropped),
                    }));
                io.Out.WriteLine($"{a.Agents.Count} agent(s)");
                foreach (var node in a.UnansweredNodes)
                    io.Out.WriteLine($"no answer from {node}: its agents are missing above");
                break;
            case OpsProtocol.StreamsList s:
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                Table(io.Out, ["ACCOUNT", "SERVER", "HOSTNAME", "WATCHERS", "STARTED", "SAMPLES/S", "LEASE", "STREAMING", "AGENT", "NODE"],
                    s.Sessions.Select(r => new[]
                    {
                        r.Account, r.ServerId, r.Hostname, r.Watchers.ToString(CultureInfo.InvariantCulture),
                        r.StartedAt is { } t ? Time(t) : "-", r.SamplesPerSecond.ToString("0.00", CultureInfo.InvariantCulture),
                        // Time left on the agent's lease: renewed every 10 s while watched, so it stays near 20-30 s.
                        r.LeaseUntil is { } l ? $"{Math.Max(0, (l - now) / 1000)}s" : "-",
                        r.Streaming ? "yes" : "no", r.Online ? "online" : "offline", r.Node,
                    }));
                io.Out.WriteLine($"{s.Sessions.Count} session(s)");
                foreach (var node in s.UnansweredNodes)
                    io.Out.WriteLine($"no answer from {node}: its sessions are missing above");
                break;
            case OpsProtocol.AccountsList a:
                Table(io.Out, ["ID", "NAME", "CREATED"], a.Accounts.Select(r => new[] { r.Id, r.Name, Time(r.Created) }));
                io.Out.WriteLine($"{a.Accounts.Count} account(s)");
                break;
            case OpsProtocol.Hierarchy h:
                foreach (var line in h.Lines)
                    io.Out.WriteLine(line);
                break;
            default:
                // A node of another version: it answered, but not in a way this console can show.
                io.Error.WriteLine($"refused: unexpected answer: {reply.GetType().Name}");
                return ExitCodes.Refused;
        }
        return ExitCodes.Done;
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(headers, widths));
        foreach (var row in all)
            output.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
